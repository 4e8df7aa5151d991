# Source: https://www.newapi.ai/en/docs/api/ai-model/videos/sora/create-video-generation
curl -X POST "https://docs.newapi.ai/v1/video/generations" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "kling-v1",
    "prompt": "宇航员在月球上漫步",
    "duration": 5,
    "width": 1280,
    "height": 720
  }'
