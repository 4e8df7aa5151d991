# Source: https://docs.gptproto.com/docs/api/Google/veo-3.1-fast-generate-preview/official-format/text-to-video
curl --location 'https://api.gptproto.com/v1beta/models/veo-3.1-generate-preview:predictLongRunning' \
  --header 'x-goog-api-key: YOUR_API_KEY' \
  --header 'Content-Type: application/json' \
  --data '{
    "instances": [
        {
            "prompt": "a cat"
        }
    ]
}'
