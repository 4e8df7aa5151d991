/* ovs-prompt-panel.h: the prompt, with its placeholders highlighted and checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_PROMPT_PANEL (ovs_prompt_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsPromptPanel, ovs_prompt_panel, OVS, PROMPT_PANEL, OvsPanel)

GtkWidget     *ovs_prompt_panel_new        (OvsRequest     *request);
GtkTextBuffer *ovs_prompt_panel_get_buffer (OvsPromptPanel *self);
/* Inserts "<<<image_2>>>", "@girl"… at the cursor. */
void           ovs_prompt_panel_insert     (OvsPromptPanel *self,
                                            const char     *text);

G_END_DECLS
