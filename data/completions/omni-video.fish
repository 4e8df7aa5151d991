# fish completion for omni-video
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Commands, scenario ids and task ids come from omni-video itself, untranslated, so the
# lists never fall behind the program.

function __omni_video_commands
    env LANGUAGE=C LC_ALL=C.UTF-8 omni-video --help 2>/dev/null \
        | string match -r '^  [a-z].*' | string replace -r '^  (\S+)\s+(.*)$' '$1\t$2'
end

function __omni_video_scenarios
    env LANGUAGE=C LC_ALL=C.UTF-8 omni-video scenarios 2>/dev/null | tail -n +2 \
        | string replace -r '^(\S+).*$' '$1'
end

function __omni_video_task_ids
    omni-video list --ids 2>/dev/null
end

set -l commands scenarios example validate normalize detect submit status list track frame join continue batch balance export-grid sandbox

complete -c omni-video -f
complete -c omni-video -n "not __fish_seen_subcommand_from $commands" -a '(__omni_video_commands)'
complete -c omni-video -n "not __fish_seen_subcommand_from $commands" -l help -d 'Show help'
complete -c omni-video -n "not __fish_seen_subcommand_from $commands" -l version -d 'Show the version'

# Every command
complete -c omni-video -n "__fish_seen_subcommand_from $commands" -l json -d 'Print exactly one JSON document'
complete -c omni-video -n "__fish_seen_subcommand_from $commands" -l quiet -d 'No progress, no warnings'
complete -c omni-video -n "__fish_seen_subcommand_from $commands" -s h -l help -d 'Show help'

# Arguments
complete -c omni-video -n '__fish_seen_subcommand_from example' -a '(__omni_video_scenarios)'
complete -c omni-video -n '__fish_seen_subcommand_from validate normalize detect submit' -F
complete -c omni-video -n '__fish_seen_subcommand_from status track frame join continue' -a '(__omni_video_task_ids)'
complete -c omni-video -n '__fish_seen_subcommand_from batch' -F

# Options of each command
complete -c omni-video -n '__fish_seen_subcommand_from validate normalize' -s s -l scenario -x -a '(__omni_video_scenarios)' -d 'Check against this scenario'
complete -c omni-video -n '__fish_seen_subcommand_from submit' -s w -l wait -d 'Wait until the task ends'
complete -c omni-video -n '__fish_seen_subcommand_from frame continue' -l at -x -d 'The frame at SECONDS'
complete -c omni-video -n '__fish_seen_subcommand_from frame continue' -l last -d 'The last frame'
complete -c omni-video -n '__fish_seen_subcommand_from frame join export-grid' -s o -l output -r -F -d 'Where to write it'
complete -c omni-video -n '__fish_seen_subcommand_from submit' -s M -l models -x -d 'Send to each of these models, as one comparison'
complete -c omni-video -n '__fish_seen_subcommand_from submit' -s V -l variants -x -a '2 3 4 5 6' -d 'Send N copies'
complete -c omni-video -n '__fish_seen_subcommand_from submit' -s n -l dry-run -d 'Print the bodies, send nothing'
complete -c omni-video -n '__fish_seen_subcommand_from list' -s g -l group -x -d 'Only the tasks of this group'
complete -c omni-video -n '__fish_seen_subcommand_from continue' -l as -x -a 'first_frame last_frame reference' -d 'How the frame is used'
complete -c omni-video -n '__fish_seen_subcommand_from continue' -l submit -d 'Send the new request'
complete -c omni-video -n '__fish_seen_subcommand_from batch' -l template -r -F -d 'The body the CSV rows fill'
complete -c omni-video -n '__fish_seen_subcommand_from batch' -l dry-run -d 'Check and estimate; send nothing'
complete -c omni-video -n '__fish_seen_subcommand_from batch' -l parallel -x -d 'Tasks under way at once'
complete -c omni-video -n '__fish_seen_subcommand_from batch' -l yes -d 'Send even over a budget'
complete -c omni-video -n '__fish_seen_subcommand_from submit track' -s d -l download -x -a '(__fish_complete_directories)' -d 'Save the video into DIR'
complete -c omni-video -n '__fish_seen_subcommand_from submit status' -s r -l route -x -a 'videos generations' -d 'Which routes to use'
complete -c omni-video -n '__fish_seen_subcommand_from submit status track' -l base-url -x -d 'The gateway'
complete -c omni-video -n '__fish_seen_subcommand_from submit status track' -l allow-insecure -d 'Send the key over plain http'
complete -c omni-video -n '__fish_seen_subcommand_from submit' -s t -l timeout -x -d 'Give up waiting after SECONDS'
complete -c omni-video -n '__fish_seen_subcommand_from list' -s s -l status -x -a 'submitting queued running succeeded failed unknown' -d 'Only tasks with this status'
complete -c omni-video -n '__fish_seen_subcommand_from list' -s q -l search -x -d 'Only tasks whose prompt has these words'
complete -c omni-video -n '__fish_seen_subcommand_from list' -s m -l model -x -d 'Only tasks of this model'
complete -c omni-video -n '__fish_seen_subcommand_from list' -s n -l limit -x -d 'At most this many tasks'
complete -c omni-video -n '__fish_seen_subcommand_from list' -l ids -d 'Only the server’s task ids'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l port -x -d 'Port (0: any free one)'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l speed -x -d 'Speed factor'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l shape -x -a 'default openai generations mixed' -d 'Answer shape'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l fail-rate -x -d 'Share of tasks that fail'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l faults -x -d 'Random faults, e.g. 429:0.2,drop:0.05'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l url-expiry -x -d 'Result URLs expire after S seconds'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l seed -x -d 'Seed of the random draws'
complete -c omni-video -n '__fish_seen_subcommand_from sandbox' -l api-key -x -d 'Accept only this key'
