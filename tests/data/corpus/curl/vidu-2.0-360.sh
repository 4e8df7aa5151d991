# Source: https://ai.360.com/docs/413292019e0
curl --location --request POST 'https://api.360.cn/v1/videos/async_generations' \
--header 'Authorization: Bearer {{YOUR_API_KEY}}' \
--header 'Content-Type: application/json' \
--data-raw '{
"model": "vidu-2.0",
"content": [
{
"type": "text",
"text": "两个小孩放烟花"
},
{
"type": "image_url",
"image_url": {
"url": "https://qncdn-file.zhaomi.cn/41585957a54e42e26eedf9f355143fc9c1f03227.jpg?imageView2/0/w/800"
}
}
],
"duration": 4,
"extra_body": {
"type": "img2video",
"resolution": "720p",
"movement_amplitude": "auto"
}
}'
