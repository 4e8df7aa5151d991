# Source: https://docs.siray.ai/api-reference/model-api/vidu-q2-t2v-1080p
curl --request POST \ --url https://api.siray.ai/v1/video/generations \ --header 'Authorization: Bearer <token>' \ --header 'Content-Type: application/json' \ --data ' { "duration": 4, "model": "vidu/vidu-q2-t2v-1080p", "prompt": "example_value" } '
