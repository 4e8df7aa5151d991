# Source: https://docs.xmsmartlink.com/api-reference/kling-视频/kling-omni-video
curl --request POST \
  --url https://vip.xmsmartlink.com/kling/v1/videos/omni-video \
  --header 'Authorization: Bearer <token>' \
  --header 'Content-Type: application/json' \
  --data '
{
  "model_name": "kling-v3-Omni",
  "duration": 5,
  "aspect_ratio": "16:9",
  "mode": "pro",
  "multi_shot": true,
  "shot_type": "customize",
  "multi_prompt": [
    {
      "index": 1,
      "prompt": "第一镜头:人物抬头看向镜头。",
      "duration": "2"
    },
    {
      "index": 2,
      "prompt": "第二镜头:人物转身向远方走去。",
      "duration": "3"
    }
  ],
  "image_list": [
    {
      "image_url": "https://images.unsplash.com/photo-1516117172878-fd2c41f4a759?auto=format&fit=crop&w=1200&q=80"
    }
  ]
}
'
