# Source: https://docs.kfcv50.link/api-403561243
curl --location --request POST '/v1/videos' \
--header 'Authorization: sk-chW5f1UGvF5XQF18F4967182303d4fA59408B42c4027DbCa' \
--header 'Content-Type: application/json' \
--data-raw '{
"prompt": "在水里游泳",
"model": "sora-2",
"seconds": "10",
"size": "720x1280",
"input_reference": "https://cdn.datas.systems/fileSystem/download/20250210/56d951c32ea4be473d0a97c8779d14ee3ac31ce56ce944eee607e989829d6f37.jpg"
}'
