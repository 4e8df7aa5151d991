# Source: https://docs.leonardo.ai/docs/veo-31 (the page writes --data glued to its quote)
curl --request POST \
--url https://cloud.leonardo.ai/api/rest/v1/generations-image-to-video\
--header 'accept: application/json' \
--header 'authorization: Bearer <YOUR_API_KEY>' \
--header 'content-type: application/json' \
--data'{
"prompt": "<YOUR_PROMPT>",
"imageId" : "<IMAGE_ID_OF_START_FRAME>",
"imageType": "UPLOADED",
"resolution": "RESOLUTION_1080",
"duration":8,
"height":1080,
"width":1920,
"model": "VEO3_1"
}'
