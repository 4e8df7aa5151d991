# Source: https://docs.gptproto.com/docs/allapi/OpenAI/sora-2/official-format/text-to-video
curl --location "https://gptproto.com/v1/videos" \
  --header "Authorization: Bearer YOUR_API_KEY" \
  --form 'model="sora-2"' \
  --form 'prompt="A calico cat playing a piano on stage"'
