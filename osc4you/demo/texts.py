"""What the demo's people wrote: their goals for a camp and their mentors' check-in notes.
Taiwanese members write Traditional Chinese, with the English words of the trade, and a
few write English; the notes follow each mentee's story in ``cast`` (who is at work, who is
slowing down, who has gone quiet)."""

# Each participant's goal for their camp, by login.
GOALS = {
    # 香菜饅頭營
    "pohan-cheng": "在 ReplicaManager 相關模組合併 3 個 PR，並開始 review 新人的 PR。",
    "weilun": "熟悉 Kafka 的貢獻流程，完成一個 KIP 相關的實作。",
    "yuhsuan-chiu": "Land a first pull request in Apache Kafka.",
    "chunhao-t": "修好 3 個 flaky test，學會從 CI 的紀錄找出失敗原因。",
    "ihsuan": "改善 MirrorMaker 2 的文件與測試。",
    "chenghan-kuo": "Become a regular YuniKorn contributor: scheduler fixes and weekly reviews.",
    "pinhsuan": "完成 YuniKorn web UI 的兩個改進。",
    "tingyu-lai": "認識 Kubernetes 的 scheduler，送出第一個 PR。",
    "hsinyi-hsieh": "在 Ozone Manager 完成一個有份量的功能，每週至少 review 一個 PR。",
    "yenju": "架好 Ozone 的開發環境，修好 Recon 的小 bug。",
    "kaiwen-yeh": "S3 Gateway 的相容性改進，目標 3 個 merged PR。",
    "shihchieh": "送出第一個 Ozone 的 PR。",
    # 叮叮噹饅頭營
    "haoyu-lu": "三個月內在 Kafka clients 模組合併 3 個 PR，並參與一次 KIP 討論。",
    "yiting-chiang": "從文件 PR 開始，之後挑戰 Kafka Streams 的 bug。",
    "juichi": "Fix ConsumerGroupCommand issues in Kafka's tools and add the missing tests.",
    "liwei-lo": "第一個 Kafka PR 被合併。",
    "chenyu-kao": "YuniKorn 的 preemption 與 placement rules：合併 4 個 PR。",
    "hsiangling": "補齊 YuniKorn REST API 的文件與測試，並 review 同梯的 PR。",
    "poyu-pan": "學會 gang scheduling 的設計，完成第一個 core 的 PR。",
    "chihhao-chu": "Ozone Datanode：合併 3 個 PR，學會寫整合測試。",
    "wenchi": "修 ozone shell 的 bug，並把經驗寫成中文教學文章。",
    "yungchieh": "Two merged PRs on the container balancer, and a design thread on dev@.",
    "chingyi-peng": "Airflow 的 Google provider：修 bug、補測試，至少 3 個 merged PR。",
    "shengta": "改善 Airflow grid view 的使用體驗。",
    "yihsin-chan": "Fix issues in Airflow's task SDK and learn how a release is cut.",
    "changjung": "Airflow CLI 的小改進，第一個 PR 被合併。",
}


# Check-in notes: (author's login, mentee, relative month, note), in the months ``cast``
# counts in (1.0 is now; 叮叮噹饅頭營 kicked off just before -3.0). "mentor" is the demo
# mentor, Ming-Hsun Chen; "organizer" writes the camp's progress checks.
CHECK_INS = (
    # Ming-Hsun's mentees in 叮叮噹饅頭營 and outside it.
    ("mentor", "haoyu-lu", -3.1, "第一次會面：聊了 Kafka 的架構，挑了 KafkaConsumer 的 good "
     "first issue，目標兩週內開 draft PR。"),
    ("mentor", "haoyu-lu", -1.9, "第一個 PR 合併了！下一步試著 review 別人的 PR，從 clients "
     "模組開始。"),
    ("mentor", "haoyu-lu", -0.9, "開始碰 share group coordinator，卡在本機測試環境，約了週末"
     "一起 pair programming。"),
    ("mentor", "haoyu-lu", 0.8, "兩個 PR 在 review 中：一個已經 approve，等 committer 合併；"
     "另一個被要求修改，這週處理。"),
    ("mentor", "yiting-chiang", -3.05, "Kick-off 後第一次 1:1：對 Streams 有興趣，先從文件 PR "
     "開始熟悉流程。"),
    ("mentor", "yiting-chiang", -1.6, "兩個 PR 合併，節奏很好。提醒她記得更新 JIRA 的狀態。"),
    ("mentor", "yiting-chiang", 0.4, "研究所期中考，進度放慢；說好考完再回來，先把手上 PR 的 "
     "review 意見處理完。"),
    ("mentor", "juichi", -3.0, "Met to pick a first issue; he prefers the tools module. "
     "Agreed on a draft PR within two weeks."),
    ("mentor", "juichi", -1.5, "PR 收到 changes requested，討論怎麼拆成兩個比較小的 PR。"),
    ("mentor", "juichi", 0.87, "快一個月沒有動靜，傳訊息關心，還沒有回覆。下次會議確認是否"
     "要調整目標。"),
    ("mentor", "fangyu-chen", -7.6, "開始非正式的 mentoring：想深入 transaction coordinator，"
     "每月 check-in 一次。"),
    ("mentor", "fangyu-chen", -1.5, "工作換了組，能投入的時間變少，先把進行中的 PR 收尾。"),
    ("mentor", "fangyu-chen", 0.65, "將近兩個月沒有活動。她說新工作穩定後會回來，目標先暫停，"
     "不給壓力。"),
    # Ming-Hsun's mentees in 香菜饅頭營, during the camp.
    ("mentor", "pohan-cheng", -21.6, "第一次 1:1：他已經讀過 ReplicaManager 的程式碼，直接挑了一"
     "個 bug 來修。"),
    ("mentor", "pohan-cheng", -19.7, "PR 陸續合併，開始幫忙 review 新人的 PR。建議他多參與 KIP "
     "的討論。"),
    ("mentor", "pohan-cheng", -18.2, "Graduation: steady contributor, reviewing weekly. Next "
     "step: keep going toward committer."),
    ("mentor", "ihsuan", -21.4, "第一次會面：從 MirrorMaker 2 的文件開始。"),
    ("mentor", "ihsuan", -18.3, "結業報告寫得很好，打算繼續做 Connect 相關的改進。"),
    # The organizers' progress checks in 叮叮噹饅頭營.
    ("organizer", "poyu-pan", 0.75, "進度檢核：一個多月沒有 PR；冠宇已經聯絡他，他在忙畢業專題，"
     "答應月底前回覆 review 意見。"),
    ("organizer", "yihsin-chan", 0.9, "Progress check: no activity for about a month; asked "
     "Yi-Chen to reach out before the next meetup."),
    ("organizer", "chenyu-kao", 0.3, "進度檢核：進度超前，已有多個 PR 合併，可以挑戰 preemption "
     "相關的 issue。"),
    ("organizer", "wenchi", 0.45, "進度檢核：工作上線期間比較忙，進度放慢，預計下個月恢復。"),
    ("organizer", "chingyi-peng", 0.2, "進度檢核：Google provider 的 PR 進展順利，也開始在 "
     "Slack 幫忙回答新手問題。"),
)  # fmt: skip
