# Source: https://docs.apigo.ai/en/api-reference/examples/video-generation-gemini
curl "https://generativelanguage.googleapis.com/v1beta/models/veo-3.1-generate-preview:predictLongRunning" \
  -H "x-goog-api-key: $GEMINI_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "prompt": "An 8-second Api.Go product demo animation"
  }'
