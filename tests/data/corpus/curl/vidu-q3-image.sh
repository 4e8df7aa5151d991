# Source: https://docs.uniall.ai/models/video/vidu/create-task-old (single-image-to-video)
curl -X POST "{BASE_URL}/v1/video/generations" \
-H "Authorization: Bearer sk-***" \
-H "Content-Type: application/json" \
-d '{"model": "viduq3t-540p",
"prompt": " camera, natural motion, camera. ",
"image": "https://example.com/source.png",
"duration": 5,
"extra_body": {"seed": 42}}'
