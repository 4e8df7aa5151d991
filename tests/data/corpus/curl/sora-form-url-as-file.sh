# Source: https://docs.yutoai.net/markdown/api/api-362481361.md
curl --location --request POST '/v1/videos' \
--header 'Authorization: Bearer {{YOUR_API_KEY}}' \
--form 'model="sora-2"' \
--form 'prompt="基于这张图片生成视频"' \
--form 'size="720x1280"' \
--form 'input_reference=@"https://example.com/reference.jpg"' \
--form 'seconds="4"' \
--form 'watermark="false"'
