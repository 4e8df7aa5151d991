# Source: OpenAI API reference, videos/create (https://developers.openai.com/api/reference/resources/videos/methods/create)
curl https://api.openai.com/v1/videos \
  -H "Authorization: Bearer $OPENAI_API_KEY" \
  -F "model=sora-2" \
  -F "prompt=A calico cat playing a piano on stage"
