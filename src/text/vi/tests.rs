//! Whole sentences, several per category, read the way a Vietnamese newsreader says them.

use super::normalize;

fn check(cases: &[(&str, &str)]) {
    for (written, spoken) in cases {
        assert_eq!(normalize(written), *spoken, "for {written:?}");
    }
}

#[test]
fn cardinals() {
    check(&[
        (
            "Giá căn hộ là 2.750.000 đồng một mét.",
            "Giá căn hộ là hai triệu bảy trăm năm mươi nghìn đồng một mét.",
        ),
        (
            "Quy mô kinh tế đạt 149.000 tỷ đồng.",
            "Quy mô kinh tế đạt một trăm bốn mươi chín nghìn tỷ đồng.",
        ),
        (
            "Lớp có 21 em, 105 ghế và 0 bàn.",
            "Lớp có hai mươi mốt em, một trăm linh năm ghế và không bàn.",
        ),
        (
            "Năm 2024 có 15 ngày nghỉ.",
            "Năm hai nghìn không trăm hai mươi tư có mười lăm ngày nghỉ.",
        ),
    ]);
}

#[test]
fn decimals_and_percentages() {
    check(&[
        (
            "Lãi suất 2,75 điểm.",
            "Lãi suất hai phẩy bảy mươi lăm điểm.",
        ),
        (
            "Tăng trưởng đạt 6,8%.",
            "Tăng trưởng đạt sáu phẩy tám phần trăm.",
        ),
        (
            "Giá tăng 7 % so với năm trước.",
            "Giá tăng bảy phần trăm so với năm trước.",
        ),
        ("Lãi 5,5%/năm.", "Lãi năm phẩy năm phần trăm một năm."),
        (
            "Lạm phát ở mức 9 %/năm.",
            "Lạm phát ở mức chín phần trăm một năm.",
        ),
    ]);
}

#[test]
fn dates() {
    check(&[
        ("Tối 17/2, đoàn đến.", "Tối mười bảy tháng hai, đoàn đến."),
        (
            "Thứ bảy, 18/02/2023",
            "Thứ bảy, mười tám tháng hai năm hai nghìn không trăm hai mươi ba",
        ),
        (
            "18/02/2023 09:48",
            "Mười tám tháng hai năm hai nghìn không trăm hai mươi ba, chín giờ bốn mươi tám phút",
        ),
        ("Khai mạc ngày 5/3.", "Khai mạc ngày mồng năm tháng ba."),
        (
            "Ngày 30.4.1975 là ngày thống nhất.",
            "Ngày ba mươi tháng tư năm một nghìn chín trăm bảy mươi lăm là ngày thống nhất.",
        ),
        (
            "Sáng 20-11, trường họp.",
            "Sáng hai mươi tháng mười một, trường họp.",
        ),
        (
            "Từ tháng 3/2024, giá điện tăng.",
            "Từ tháng ba năm hai nghìn không trăm hai mươi tư, giá điện tăng.",
        ),
        (
            "Số liệu quý III/2024 đã có.",
            "Số liệu quý ba năm hai nghìn không trăm hai mươi tư đã có.",
        ),
        (
            "Tỷ số là 8/45 phiếu.",
            "Tỷ số là tám trên bốn mươi lăm phiếu.",
        ),
        (
            "Tháng 4 mưa nhiều.",
            "Tháng 4 mưa nhiều.".replace('4', "bốn").as_str(),
        ),
    ]);
}

#[test]
fn times() {
    check(&[
        (
            "Lúc 14:05 tàu chạy.",
            "Lúc mười bốn giờ không năm phút tàu chạy.",
        ),
        ("Hẹn lúc 7h15 sáng.", "Hẹn lúc bảy giờ mười lăm phút sáng."),
        (
            "Mở cửa lúc 9:00 ngày 1/1.",
            "Mở cửa lúc chín giờ ngày mồng một tháng một.",
        ),
        (
            "Trận đấu bắt đầu lúc 18h.",
            "Trận đấu bắt đầu lúc mười tám giờ.",
        ),
    ]);
}

#[test]
fn ranges() {
    check(&[
        (
            "Mỗi năm hỗ trợ từ 5-10 gia đình.",
            "Mỗi năm hỗ trợ từ năm đến mười gia đình.",
        ),
        ("Nghỉ 3-4 ngày.", "Nghỉ ba đến bốn ngày."),
        (
            "Thi công trong 6 - 8 tháng.",
            "Thi công trong sáu đến tám tháng.",
        ),
        (
            "Giá giảm 20-25%.",
            "Giá giảm hai mươi đến hai mươi lăm phần trăm.",
        ),
        (
            "Giai đoạn 2016-2020 đã qua.",
            "Giai đoạn hai nghìn không trăm mười sáu đến hai nghìn không trăm hai mươi đã qua.",
        ),
        ("Hà Nội - Hải Phòng", "Hà Nội - Hải Phòng"),
        ("Đội thắng với tỷ số 2-1.", "Đội thắng với tỷ số hai một."),
    ]);
}

#[test]
fn ordinals_and_roman_numerals() {
    check(&[
        ("Đội về thứ 1.", "Đội về thứ nhất."),
        ("Hôm nay là thứ 4.", "Hôm nay là thứ tư."),
        (
            "Xếp thứ 11/63 tỉnh.",
            "Xếp thứ mười một trên sáu mươi ba tỉnh.",
        ),
        ("Quốc hội khóa XV họp.", "Quốc hội khóa mười lăm họp."),
        ("Đầu thế kỷ XX.", "Đầu thế kỷ hai mươi."),
        ("Kết quả quý IV rất tốt.", "Kết quả quý bốn rất tốt."),
        ("Đại hội XIV của Đảng.", "Đại hội mười bốn của Đảng."),
    ]);
}

#[test]
fn money_and_units() {
    check(&[
        ("Vé giá 8.000đ.", "Vé giá tám nghìn đồng."),
        ("Lương 500 USD.", "Lương năm trăm đô la Mỹ."),
        ("Cô ấy có $100.", "Cô ấy có một trăm đô la."),
        ("Dự án trị giá $2 tỷ.", "Dự án trị giá hai tỷ đô la."),
        ("Vay 5 triệu VND.", "Vay năm triệu đồng."),
        (
            "Vàng 79,5 triệu đồng/lượng, dầu 80 USD/thùng.",
            "Vàng bảy mươi chín phẩy năm triệu đồng một lượng, dầu tám mươi đô la Mỹ một thùng.",
        ),
        ("Đường dài 12 km.", "Đường dài mười hai ki lô mét."),
        ("Nhà rộng 80m2.", "Nhà rộng tám mươi mét vuông."),
        ("Trồng 3 ha lúa.", "Trồng ba héc ta lúa."),
        ("Trời 35°C.", "Trời ba mươi lăm độ xê."),
        (
            "Đêm xuống -5°C, thêm 100g muối.",
            "Đêm xuống âm năm độ xê, thêm một trăm gam muối.",
        ),
        ("Chạy 60 km/h.", "Chạy sáu mươi ki lô mét trên giờ."),
        (
            "Bao 50 kg gạo và 2 m³ cát.",
            "Bao năm mươi ki lô gam gạo và hai mét khối cát.",
        ),
    ]);
}

#[test]
fn phone_numbers() {
    check(&[
        (
            "Gọi 0912 345 678 nhé.",
            "Gọi không chín một hai ba bốn năm sáu bảy tám nhé.",
        ),
        (
            "Đường dây nóng: 0243.825.1234.",
            "Đường dây nóng: không hai bốn ba tám hai năm một hai ba bốn.",
        ),
        (
            "Tổng đài 1900 1234.",
            "Tổng đài một chín không không một hai ba bốn.",
        ),
        (
            "Số +84 912 345 678.",
            "Số cộng tám tư chín một hai ba bốn năm sáu bảy tám.",
        ),
    ]);
}

#[test]
fn abbreviations_and_acronyms() {
    check(&[
        ("Chủ tịch UBND tỉnh.", "Chủ tịch Ủy ban nhân dân tỉnh."),
        (
            "Lãnh đạo HĐND, UBND tỉnh.",
            "Lãnh đạo Hội đồng nhân dân, Ủy ban nhân dân tỉnh.",
        ),
        (
            "Người dân TP.HCM đi làm.",
            "Người dân Thành phố Hồ Chí Minh đi làm.",
        ),
        (
            "GS.TS Nguyễn Văn A phát biểu.",
            "Giáo sư tiến sĩ Nguyễn Văn A phát biểu.",
        ),
        (
            "Sản phẩm OCOP, BHYT, CSGT, v.v. đều có.",
            "Sản phẩm ô cốp, bảo hiểm y tế, cảnh sát giao thông, vân vân đều có.",
        ),
        ("Dịch COVID-19 lan rộng.", "Dịch cô vít mười chín lan rộng."),
        ("Công ty XYZ thắng.", "Công ty ích xì i dài dét thắng."),
        ("Trụ sở ở Q. 1.", "Trụ sở ở quận một."),
        ("CÓ THỂ BẠN QUAN TÂM", "Có thể bạn quan tâm"),
        ("Đội U23 thắng.", "Đội u hai mươi ba thắng."),
        (
            "Ông B (SN 1975) về quê.",
            "Ông B (sinh năm một nghìn chín trăm bảy mươi lăm) về quê.",
        ),
        ("Bản 1.5 ra mắt.", "Bản một chấm năm ra mắt."),
    ]);
}

#[test]
fn end_of_article_mark_is_silent() {
    check(&[("Tại TP Hải Dương./.", "Tại thành phố Hải Dương.")]);
}

#[test]
fn no_digit_is_left() {
    for text in [
        "A1B2",
        "12345678901234567890",
        "9.9.9.9",
        "1/2/3/4",
        "3h99",
        "x-1-2",
        "$",
        "-5",
    ] {
        let spoken = normalize(text);
        assert!(
            !spoken.bytes().any(|b| b.is_ascii_digit()),
            "{text:?} → {spoken:?}"
        );
    }
}

#[test]
fn every_expansion_is_read_as_written() {
    // A second pass over normalized text must change nothing, so no spoken form in the table
    // may itself be an abbreviation, hold a digit or be written in capitals.
    for (short, long) in super::abbreviations::table() {
        assert_eq!(normalize(long), *long, "{short} → {long}");
    }
}
