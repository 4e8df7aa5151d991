# Source: https://docs.powertokens.ai/en/zmodelVideo/kling/kling-v3-image2video
curl --request POST \
  --url https://api.powertokens.ai/kling/v1/videos/image2video \
  --header 'Authorization: Bearer <token>' \
  --header 'Content-Type: application/json' \
  --data '
{
  "model_name": "kling-v3",
  "image": "https://example.com/frame.png",
  "prompt": "Slow camera push-in",
  "duration": "5"
}
'
