# Source: https://docs.uniall.ai/models/video/vidu/create-task-old (text-to-video)
curl -X POST "{BASE_URL}/v1/video/generations" \
-H "Authorization: Bearer sk-***" \
-H "Content-Type: application/json" \
-d '{"model": "viduq3p-720p",
"prompt": " camera, and, slow camera push-in. ",
"aspect_ratio": "16:9",
"duration": 5,
"extra_body": {"audio": false,
"seed": 42,
"bgm": false}}'
