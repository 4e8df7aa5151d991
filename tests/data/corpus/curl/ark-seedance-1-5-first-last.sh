# Source: Volcengine Ark (https://www.volcengine.com/docs/82379/1520757), as given at https://docs.kkiai.com/video-models/doubao/seedance-1-5-pro-first-last-frames.html
curl --location --request POST 'https://www.kkiai.com/volc/v1/contents/generations/tasks' \
--header 'Authorization: Bearer <token>' \
--header 'Content-Type: application/json' \
--data-raw '{
    "model": "doubao-seedance-1-5-pro-251215",
    "content": [
         {
            "type": "text",
            "text": "The girl in the image looks at the camera and says \"Cheese,\" with a 360-degree orbiting camera movement. --dur 5"
        },
        {
            "type": "image_url",
            "image_url": {
                "url": "https://ark-project.tos-cn-beijing.volces.com/doc_image/seepro_first_frame.jpeg"
            },
            "role": "first_frame"
        },
        {
            "type": "image_url",
            "image_url": {
                "url": "https://ark-project.tos-cn-beijing.volces.com/doc_image/seepro_last_frame.jpeg"
            },
            "role": "last_frame"
        }
    ]
}'
