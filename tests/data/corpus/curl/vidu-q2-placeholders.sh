# Source: https://doc.castar.world/api-reference/vidu/vidu-q2
curl --request POST \
  --url https://castar.world/openapi/v2/aigc/video/viduq2/create \
  --header 'Content-Type: application/json' \
  --header 'x-api-key: <api-key>' \
  --data '
{
  "model": "viduq2",
  "images": [
    "<string>"
  ],
  "prompt": "<string>",
  "duration": 4.5,
  "resolution": "540p",
  "seed": 123,
  "bgm": false,
  "offPeak": false
}
'
