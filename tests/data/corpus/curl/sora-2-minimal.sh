# Source: https://apidocs.fineapi.cloud/api-reference/sora/create-video
curl -X POST https://api.example.com/v1/videos/generations \
  -H "Authorization: Bearer YOUR_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "sora-2",
    "prompt": "A person walking through a futuristic city"
  }'
