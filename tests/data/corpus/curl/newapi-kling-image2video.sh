# Source: https://www.newapi.ai/en/docs/api/ai-model/video-generation/kling/create-kling-image2-video
curl -X POST "https://api.example.com/kling/v1/videos/image2video" \
  -H "Content-Type: application/json" \
  -d '{ "model": "kling-v1", "prompt": "人物转身走开", "image": "https://example.com/image.jpg", "duration": 5, "width": 1280, "height": 720 }'
