# Thông báo của docbao khi đọc, bằng tiếng Việt. Mỗi id ở đây cũng có trong ../en/docbao.ftl.
# Số và giờ đã được định dạng sẵn ($speed là "1,5×", $at là "0:42").

## Chế độ văn bản (plain): mỗi sự kiện một dòng.

reading-start = Đọc { $sentences } câu, { $length }, { $voice }, tốc độ { $speed }
article-heading = Bài { $number } trên { $count }: { $title }
article-number = Bài { $number } trên { $count }
sentence-number = Câu { $number } trên { $count }
paused-at = Tạm dừng ở { $at }
playing-from = Đọc tiếp từ { $at }
sentence-at = Câu { $number } trên { $count }, ở { $at }
speed-changed = Tốc độ { $speed }, { $wpm } từ mỗi phút
muted = Đã tắt tiếng
volume-changed = Âm lượng { $percent }%
finished = Đã đọc xong
error-line = Lỗi: { $message }

## "đang ở đâu" (phím i): trạng thái, rồi thời gian.

state-playing = Đang đọc
state-paused = Tạm dừng
state-finished = Đã đọc xong
where = { $state }, câu { $number } trên { $count }, tốc độ { $speed }{ $sleep }, ở { $at } trên { $total }
where-sleep-due = , dừng sau câu này
where-sleep-in = , dừng sau { $length } nữa

## Hẹn giờ tắt.

sleep-set = Hẹn giờ tắt: { $length }
sleep-off = Đã tắt hẹn giờ
sleep-soon = Còn { $length } nữa sẽ dừng
sleep-due = Hẹn giờ tắt: dừng sau câu này
sleep-stopped = Hẹn giờ tắt: đã dừng

## Độ dài bằng chữ, để trình đọc màn hình đọc cho rõ.

seconds = { $n } giây
minutes = { $n } phút
hours = { $n } giờ
about = khoảng { $length }

## Điều không làm được, và điều làm được.

no-such-sentence = Không có câu { $asked }; { $count ->
        [1] bài chỉ có 1 câu: chọn câu 1
       *[other] bài có { $count } câu: chọn từ 1 đến { $count }
    }
past-the-end = { $asked } đã quá cuối bài; bài đọc dài { $length }
past-the-end-estimated = { $asked } đã quá cuối bài; bài đọc dài khoảng { $length } (ước tính)
last-sentence = Đây là câu cuối ({ $count } trên { $count })
from-the-beginning = { $line }; đọc từ đầu
next-article-hint = { $line }; bấm > để sang bài sau
first-article = Đây là bài đầu tiên ({ $number } trên { $count })
last-article = Đây là bài cuối cùng ({ $number } trên { $count })
one-article = Chỉ có một bài: ghi thêm bài để đọc liền nhau (docbao read a.txt b.html)
article-skipped = Bỏ qua bài { $number } trên { $count } ({ $item }): { $reason }
line-not-text = Bỏ qua một dòng không phải văn bản UTF-8: không phải là lệnh
line-too-long = Bỏ qua một dòng dài hơn { $bytes } byte: không phải là lệnh

## Đọc tiếp, và chỗ đã dừng.

resuming = Tiếp tục chỗ đã dừng: câu { $number } trên { $count } ({ $at }); --from-start để đọc lại từ đầu
stopped-at = Dừng ở { $at } trên { $total }, câu { $number } trên { $count }{ $article }; { $hint }
stopped-slept = Dừng ở { $at } trên { $total }, câu { $number } trên { $count }{ $article }, vì hẹn giờ tắt; { $hint }
stopped-after-article = Dừng sau bài { $number } trên { $count }, vì hẹn giờ tắt; { $hint }
stopped-before-load = Dừng trước khi tải xong bài { $number } trên { $count } ({ $item })
of-article = , bài { $number } trên { $count }
go-on = để đọc tiếp: { $command }
go-on-unsaved = để đọc tiếp: { $command } (chưa lưu được chỗ đang đọc)
go-on-stdin = để đọc tiếp, đưa lại đúng văn bản đó vào: { $command } (sẽ đọc tiếp từ chỗ đã dừng)
go-on-stdin-unsaved = để đọc tiếp, đưa lại đúng văn bản đó vào: { $command }

## Trợ giúp: lệnh của chế độ văn bản (tiếng Việt, rồi tiếng Anh) và phím của giao diện terminal.

help-commands = Lệnh: tạm dừng, đọc tiếp, tua tới 30, tua lùi 10, câu sau, câu trước, câu 5, tốc độ 1,5, nhanh hơn, chậm hơn, âm lượng 50, tắt tiếng, hẹn giờ 20 phút, tắt hẹn giờ, đang ở đâu, thoát, trợ giúp (tiếng Anh: pause, play, seek +30, seek -10, seek 1:30, next, prev, sentence 5, speed 1.5, faster, slower, volume 80, mute, sleep 20m, sleep off, where, quit, help); viết hoa hay thường đều được
help-articles = ; chuyển bài: bài sau, bài trước (next article, previous article; > và <)
keys-1 = cách, p   tạm dừng / đọc tiếp   ← →  lùi / tới 5 giây      ↓ ↑  lùi / tới 60 giây
keys-2 = , .       câu trước / câu sau (cũng là Ctrl+← Ctrl+→, PgUp PgDn); Home: về đầu bài
keys-3 = < >       bài trước / bài sau (khi đọc nhiều bài)
keys-4 = {"[ ]"}       chậm hơn / nhanh hơn; Backspace: tốc độ thường    9 0  nhỏ / to hơn; m: tắt tiếng
keys-5 = s         hẹn giờ tắt thêm 10 phút (S: tắt hẹn giờ)    i    đang ở đâu
keys-6 = ?         trợ giúp này                                 q    thoát

## Dòng trạng thái của giao diện terminal.

status-article = bài { $number }/{ $count }
status-muted = tắt tiếng
status-volume = âm lượng { $percent }%
status-sleep-due = dừng sau câu này
status-sleep = hẹn giờ { $left }

## Lệnh không thực hiện được.

not-a-command = '{ $given }' không phải là lệnh. { help-commands }
bad-seek = '{ $given }': tua cần một thời điểm (tua đến 1:30, tua đến 90) hoặc một bước (tua tới 30, tua lùi 10)
bad-sentence = '{ $given }': câu cần số thứ tự của câu, từ 1 (câu 5)
bad-speed = '{ $given }': tốc độ cần một hệ số từ 0,25 đến 6 so với tốc độ thường (tốc độ 1,5, tốc độ 150%) hoặc số từ mỗi phút từ 80 đến 900, kèm wpm (tốc độ 300wpm)
bad-sleep = '{ $given }': hẹn giờ cần thời gian nghe trước khi dừng (hẹn giờ 20 phút, hẹn giờ 1h), thêm giờ (hẹn giờ +10) hoặc tắt (tắt hẹn giờ)
bad-volume = '{ $given }': âm lượng cần phần trăm từ 0 đến 150 (âm lượng 80) hoặc một thay đổi (âm lượng +10, âm lượng -10)

## Những lỗi hay gặp nhất khi nghe, và gợi ý.

err-not-found = Không có tệp { $origin }
hint-not-found = kiểm tra lại tên tệp và thư mục đang đứng
err-empty = { $origin } không có chữ nào để đọc (trống, hoặc chỉ có khoảng trắng và dấu câu)
err-no-input = Không có gì để đọc: ghi tên tệp hoặc địa chỉ web, hoặc chuyển văn bản vào docbao qua ống (|)
err-nothing-to-say = Không có gì để đọc: không câu nào trong bài có chữ để đọc
hint-nothing-to-say = xem bài được tách câu thế nào bằng `docbao segment TỆP`
err-no-device = Không tìm thấy thiết bị âm thanh
hint-no-device = dùng --output TỆP.wav để lưu bài đọc thành tệp thay vì phát ra loa
err-not-responding = Máy chủ âm thanh không trả lời sau { $seconds } giây
hint-sound-server = kiểm tra máy chủ âm thanh (PulseAudio hoặc PipeWire) có đang chạy không, hoặc dùng --output TỆP.wav
err-config = Tệp cấu hình { $path }, dòng { $line }: { $message }
hint-config = sửa hoặc xoá dòng đó; các thiết lập là voice, rate, volume, plain (off, text, events), language (auto, en, vi) và from_start (true, false)
