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
            "Thứ Ba, 24/9/2024 - 07:45",
            "Thứ Ba, hai mươi tư tháng chín năm hai nghìn không trăm hai mươi tư, bảy giờ bốn mươi lăm phút",
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
        ("Tháng 4 mưa nhiều.", "Tháng tư mưa nhiều."),
    ]);
}

#[test]
fn times() {
    check(&[
        ("Lúc 14:05 tàu chạy.", "Lúc mười bốn giờ năm phút tàu chạy."),
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
        (
            "GẠO, MUỐI VV ĐỀU TĂNG GIÁ",
            "Gạo, muối vân vân đều tăng giá",
        ),
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

// News-style sentences for each class of text of issue 12, written for these rules.

#[test]
fn the_dash_by_context() {
    check(&[
        (
            "Hà Nội FC thắng 2-0 trên sân nhà.",
            "Hà Nội ép xê thắng hai không trên sân nhà.",
        ),
        (
            "Hai đội hòa 1-1 sau 90 phút.",
            "Hai đội hòa một một sau chín mươi phút.",
        ),
        (
            "Cô thắng 6-4, 7-5 ở vòng hai.",
            "Cô thắng sáu bốn, bảy năm ở vòng hai.",
        ),
        (
            "Đội khách thắng 3 - 2 nhờ bàn phút cuối.",
            "Đội khách thắng ba hai nhờ bàn phút cuối.",
        ),
        (
            "Họ thắng 3-4 trận liên tiếp.",
            "Họ thắng ba đến bốn trận liên tiếp.",
        ),
        (
            "Sinner thắng 7-6(5), 6-3 trước Alcaraz.",
            "Sinner thắng bảy sáu (năm), sáu ba trước Alcaraz.",
        ),
        (
            "Tay vợt thua 6-7 (4-7) ở set đầu.",
            "Tay vợt thua sáu bảy (bốn bảy) ở set đầu.",
        ),
        (
            "Họ thắng 3 - 4 trận, thắng 2 - 0 trước Lào.",
            "Họ thắng ba đến bốn trận, thắng hai không trước Lào.",
        ),
        (
            "Công ty thắng 2-3 tỷ đồng, dẫn 4-5 người đi.",
            "Công ty thắng hai đến ba tỷ đồng, dẫn bốn đến năm người đi.",
        ),
        (
            "Đội thắng 2-1 Thái Lan và hòa 0-0 trước Lào.",
            "Đội thắng hai một Thái Lan và hòa không không trước Lào.",
        ),
        (
            "Số liệu tháng 10-2022 và quý 3-2024 đều tăng.",
            "Số liệu tháng mười năm hai nghìn không trăm hai mươi hai và quý ba năm hai nghìn không trăm hai mươi tư đều tăng.",
        ),
        (
            "Nghỉ lễ từ 29-4 đến 3-5.",
            "Nghỉ lễ từ hai mươi chín tháng tư đến mồng ba tháng năm.",
        ),
        (
            "Triển lãm mở đến 2-9.",
            "Triển lãm mở đến mồng hai tháng chín.",
        ),
        ("Mỗi nhóm từ 3-5 người.", "Mỗi nhóm từ ba đến năm người."),
        (
            "Trời nắng 33-35°C, cá nặng 2kg-3kg.",
            "Trời nắng ba mươi ba đến ba mươi lăm độ xê, cá nặng hai ki lô gam đến ba ki lô gam.",
        ),
        (
            "Cửa mở 7:30-11:00 và 13h30 - 17h.",
            "Cửa mở bảy giờ ba mươi phút đến mười một giờ và mười ba giờ ba mươi phút đến mười bảy giờ.",
        ),
        (
            "Giá 20.000đ-35.000đ, vé $5-$8.",
            "Giá hai mươi nghìn đồng đến ba mươi lăm nghìn đồng, vé năm đô la đến tám đô la.",
        ),
        (
            "Tiêm vaccine COVID-19, tiêm kích F-35 và Su-27.",
            "Tiêm vaccine cô vít mười chín, tiêm kích ép ba mươi lăm và Su hai mươi bảy.",
        ),
        ("Đội chơi sơ đồ 3-5-2.", "Đội chơi sơ đồ ba năm hai."),
        (
            "Việt Nam thắng Lào (4-0) hôm qua.",
            "Việt Nam thắng Lào (bốn không) hôm qua.",
        ),
        (
            "Máy bay Boeing 787-9 của HAGL; ở Sapa 15-20 độ.",
            "Máy bay Boeing bảy trăm tám mươi bảy chín của Hoàng Anh Gia Lai; ở Sapa mười lăm đến hai mươi độ.",
        ),
        (
            "Các thế kỷ XVIII-XIX để lại nhiều đền.",
            "Các thế kỷ mười tám đến mười chín để lại nhiều đền.",
        ),
    ]);
}

#[test]
fn the_slash_by_context() {
    check(&[
        (
            "Tàu chạy 12 chuyến/tuần, giá 90.000 đồng/kg.",
            "Tàu chạy mười hai chuyến một tuần, giá chín mươi nghìn đồng một ki lô gam.",
        ),
        (
            "Đón 5.000 lượt/ngày, thuê 200 nghìn đồng/m2.",
            "Đón năm nghìn lượt một ngày, thuê hai trăm nghìn đồng một mét vuông.",
        ),
        (
            "Gần 2/3 số hộ đã có nước sạch.",
            "Gần hai phần ba số hộ đã có nước sạch.",
        ),
        (
            "Hơn 800 người dự, trong đó 2/3 là nữ; 1/1 là Tết.",
            "Hơn tám trăm người dự, trong đó hai phần ba là nữ; mồng một tháng một là Tết.",
        ),
        (
            "Xe Vios 1.5G và bản 2.0.1.",
            "Xe Vios một chấm năm giê và bản hai chấm không chấm một.",
        ),
        (
            "Lũ làm ngập 3/4 diện tích lúa.",
            "Lũ làm ngập ba phần tư diện tích lúa.",
        ),
        (
            "Nhiệt độ giảm -1/2 độ, gạo 5 1/2 tạ.",
            "Nhiệt độ giảm âm một phần hai độ, gạo năm và một phần hai tạ.",
        ),
        (
            "Giá thuê 30đ/GB, nhiệt độ -2 1/2 độ.",
            "Giá thuê ba mươi đồng một gi ga bai, nhiệt độ âm hai và một phần hai độ.",
        ),
        (
            "Anh thắng 6/9 ván, xếp thứ 3/20.",
            "Anh thắng sáu trên chín ván, xếp thứ ba trên hai mươi.",
        ),
        (
            "Quý 1/2025 và tháng 9/2024 tăng trưởng.",
            "Quý một năm hai nghìn không trăm hai mươi lăm và tháng chín năm hai nghìn không trăm hai mươi tư tăng trưởng.",
        ),
        (
            "Theo Nghị định 100/2019/NĐ-CP, mức phạt tăng.",
            "Theo Nghị định một trăm năm hai nghìn không trăm mười chín của Chính phủ, mức phạt tăng.",
        ),
        (
            "Quyết định 45/QĐ-UBND đã ký.",
            "Quyết định bốn mươi lăm của Ủy ban nhân dân đã ký.",
        ),
        (
            "Nhà số 8/14 ngõ 52/3 bị cháy.",
            "Nhà số tám trên mười bốn ngõ năm mươi hai trên ba bị cháy.",
        ),
        (
            "Tối 9/2, pháo hoa được bắn.",
            "Tối mồng chín tháng hai, pháo hoa được bắn.",
        ),
        (
            "Cửa hàng mở 24/7 và trực 24/24.",
            "Cửa hàng mở hai mươi tư trên bảy và trực hai mươi tư trên hai mươi tư.",
        ),
    ]);
}

#[test]
fn units_in_any_case() {
    check(&[
        (
            "Điện 220v, 50hz, máy 2kw, ổ 1tb.",
            "Điện hai trăm hai mươi vôn, năm mươi héc, máy hai ki lô oát, ổ một tê ra bai.",
        ),
        (
            "Pin 4.500mAh, camera 50MP, xe 125cc.",
            "Pin bốn nghìn năm trăm mi li am pe giờ, camera năm mươi mê ga pích xen, xe một trăm hai mươi lăm phân khối.",
        ),
        (
            "Nhiệt độ 20-25 độ C, đêm 60 độ F.",
            "Nhiệt độ hai mươi đến hai mươi lăm độ xê, đêm sáu mươi độ ép.",
        ),
        (
            "Mưa 120mm, nắng 38oC, gió 15 m/s.",
            "Mưa một trăm hai mươi mi li mét, nắng ba mươi tám độ xê, gió mười lăm mét trên giây.",
        ),
        (
            "Trồng 1,2 triệu ha rừng, mỗi hộ 2-3 ha.",
            "Trồng một phẩy hai triệu héc ta rừng, mỗi hộ hai đến ba héc ta.",
        ),
        (
            "Sự cố tại Km 32+500 cao tốc.",
            "Sự cố tại ki lô mét ba mươi hai cộng năm trăm cao tốc.",
        ),
        (
            "Bụi mịn 80 µg/m3 và 5 ppm khí.",
            "Bụi mịn tám mươi mi crô gam trên mét khối và năm phần triệu khí.",
        ),
    ]);
}

#[test]
fn months_and_days() {
    check(&[
        (
            "Tháng 4 năm nay, hội chợ mở.",
            "Tháng tư năm nay, hội chợ mở.",
        ),
        (
            "Lễ 30 tháng 4 trên đường 30 tháng 4.",
            "Lễ ba mươi tháng tư trên đường ba mươi tháng tư.",
        ),
        ("Từ tháng 04 đến tháng 01.", "Từ tháng tư đến tháng một."),
        (
            "Hạn chót 05/06/2024.",
            "Hạn chót mồng năm tháng sáu năm hai nghìn không trăm hai mươi tư.",
        ),
        ("Sáng 12.6 trời mưa.", "Sáng mười hai tháng sáu trời mưa."),
        (
            "Thứ Hai 15-1, hội nghị mở; hạn chót 28-2.",
            "Thứ Hai mười lăm tháng một, hội nghị mở; hạn chót hai mươi tám tháng hai.",
        ),
        (
            "Hôm qua (5.6), giá giảm; tối nay 7.6, có mưa; bản 1.5 ra mắt.",
            "Hôm qua (mồng năm tháng sáu), giá giảm; tối nay mồng bảy tháng sáu, có mưa; bản một chấm năm ra mắt.",
        ),
        (
            "Số liệu tháng 3 2024.",
            "Số liệu tháng ba năm hai nghìn không trăm hai mươi tư.",
        ),
    ]);
}

#[test]
fn times_of_day_and_durations() {
    check(&[
        (
            "Tàu chạy lúc 6h05 và 21h30'.",
            "Tàu chạy lúc sáu giờ năm phút và hai mươi mốt giờ ba mươi phút.",
        ),
        (
            "Họp lúc 7g30, về lúc 11g.",
            "Họp lúc bảy giờ ba mươi phút, về lúc mười một giờ.",
        ),
        (
            "Từ 0h đến 00:00 hôm sau.",
            "Từ không giờ đến không giờ hôm sau.",
        ),
        (
            "Anh về đích sau 2h05p, nghỉ 1p30s.",
            "Anh về đích sau hai giờ năm phút, nghỉ một phút ba mươi giây.",
        ),
        (
            "Trận đấu bắt đầu 19:45 phút.",
            "Trận đấu bắt đầu mười chín giờ bốn mươi lăm phút.",
        ),
        (
            "Mua iPhone 15 hay iPhone 5s.",
            "Mua iPhone mười lăm hay iPhone năm s.",
        ),
        ("Cân 5g muối.", "Cân năm gam muối."),
    ]);
}

#[test]
fn roman_numerals_after_keywords() {
    check(&[
        (
            "Thế chiến II kết thúc năm 1945.",
            "Thế chiến hai kết thúc năm một nghìn chín trăm bốn mươi lăm.",
        ),
        (
            "Kỳ họp thứ VII, Quốc hội khóa XV.",
            "Kỳ họp thứ bảy, Quốc hội khóa mười lăm.",
        ),
        (
            "Đọc chương iv và phụ lục II.",
            "Đọc chương bốn và phụ lục hai.",
        ),
        (
            "Các thế kỉ XI đến XIV, mục I, II và III.",
            "Các thế kỉ mười một đến mười bốn, mục một, hai và ba.",
        ),
        (
            "Vua Louis XIV và Nữ hoàng Elizabeth II.",
            "Vua Louis mười bốn và Nữ hoàng Elizabeth hai.",
        ),
        (
            "Bằng lái hạng C, ông Lê Văn D đến.",
            "Bằng lái hạng C, ông Lê Văn D đến.",
        ),
        (
            "Giai đoạn II của dự án, cấp III.",
            "Giai đoạn hai của dự án, cấp ba.",
        ),
    ]);
}

#[test]
fn numbers_written_many_ways() {
    check(&[
        (
            "Dân số 1,234,567 người, tăng 2.5 triệu.",
            "Dân số một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy người, tăng hai phẩy năm triệu.",
        ),
        (
            "Động đất 5.8 độ richter.",
            "Động đất năm phẩy tám độ richter.",
        ),
        (
            "Cập nhật iOS 18.1 và Phiên bản 2.0.",
            "Cập nhật iOS mười tám chấm một và Phiên bản hai chấm không.",
        ),
        (
            "Hãy cập nhật lên iOS 17.2.",
            "Hãy cập nhật lên iOS mười bảy chấm hai.",
        ),
        (
            "Mạng 5G và màn hình 8K.",
            "Mạng năm giê và màn hình tám ca.",
        ),
        (
            "Giá 50k, lương 8tr5, nhà 900tr, đất 3 tỷ 2.",
            "Giá năm mươi nghìn, lương tám triệu năm trăm nghìn, nhà chín trăm triệu, đất ba tỷ hai trăm triệu.",
        ),
        (
            "Vé 2.500.000₫, 15$ hay 12€.",
            "Vé hai triệu năm trăm nghìn đồng, mười lăm đô la hay mười hai ơ rô.",
        ),
        (
            "Xăng E5 RON 92 giảm, nhiệt độ -3°C.",
            "Xăng e năm rôn chín mươi hai giảm, nhiệt độ âm ba độ xê.",
        ),
    ]);
}

#[test]
fn phone_numbers_with_signs_and_parentheses() {
    check(&[
        (
            "Gọi +84 28 3829 1234.",
            "Gọi cộng tám tư hai tám ba tám hai chín một hai ba bốn.",
        ),
        (
            "Liên hệ (024) 3943 1234.",
            "Liên hệ không hai bốn ba chín bốn ba một hai ba bốn.",
        ),
        (
            "Đường dây nóng (0236).3821234.",
            "Đường dây nóng không hai ba sáu ba tám hai một hai ba bốn.",
        ),
        (
            "Gọi 1800 6789 hoặc 113.",
            "Gọi một tám không không sáu bảy tám chín hoặc một trăm mười ba.",
        ),
    ]);
}

#[test]
fn abbreviations_by_context() {
    check(&[
        (
            "Chi nhánh ở Q.10, P. Tân Định, Q. 1.",
            "Chi nhánh ở quận mười, phường Tân Định, quận một.",
        ),
        (
            "Trụ sở ở TP.Thủ Đức và Tp.HCM.",
            "Trụ sở ở thành phố Thủ Đức và thành phố Hồ Chí Minh.",
        ),
        (
            "Nhà ở p. Láng Hạ, q. Đống Đa.",
            "Nhà ở phường Láng Hạ, quận Đống Đa.",
        ),
        (
            "Cháy nhà ở H. Củ Chi, anh Trần Văn H. bị thương.",
            "Cháy nhà ở huyện Củ Chi, anh Trần Văn hát bị thương.",
        ),
        (
            "ĐT Việt Nam thắng, ĐT 830 sạt lở.",
            "Đội tuyển Việt Nam thắng, đường tỉnh tám trăm ba mươi sạt lở.",
        ),
        (
            "HLV và VĐV của CLB giành 2 HCV.",
            "Huấn luyện viên và vận động viên của câu lạc bộ giành hai huy chương vàng.",
        ),
        (
            "Công ty CP Sữa báo lãi; thuế VAT giảm; chỉ số S&P 500 tăng.",
            "Công ty cổ phần Sữa báo lãi; thuế giá trị gia tăng giảm; chỉ số ét en pi năm trăm tăng.",
        ),
        (
            "Sở GD-ĐT và Sở KH&CN phối hợp.",
            "Sở giáo dục và đào tạo và Sở khoa học và công nghệ phối hợp.",
        ),
    ]);
}

#[test]
fn addresses_on_the_web() {
    check(&[
        (
            "Gửi thư về toasoan@baodientu.vn nhé.",
            "Gửi thư về toasoan a còng baodientu chấm vê en nhé.",
        ),
        (
            "Xem tại https://chinhphu.vn/ và Dantri.com.vn.",
            "Xem tại chinhphu chấm vê en và Dantri chấm com chấm vê en.",
        ),
        (
            "Theo dõi #WorldCup và @vtv24.",
            "Theo dõi hashtag WorldCup và a còng vtv hai mươi tư.",
        ),
    ]);
}

#[test]
fn symbols_as_words() {
    check(&[
        (
            "Phòng 4 x 5 m, xe 4x4.",
            "Phòng bốn nhân năm mét, xe bốn nhân bốn.",
        ),
        (
            "Sai số ± 2%, người ≥ 60 tuổi, ~30 ca.",
            "Sai số cộng trừ hai phần trăm, người lớn hơn hoặc bằng sáu mươi tuổi, khoảng ba mươi ca.",
        ),
        (
            "Nồng độ 0,5‰ cồn.",
            "Nồng độ không phẩy năm phần nghìn cồn.",
        ),
        ("Tổng 2 + 3 = 5.", "Tổng hai cộng ba bằng năm."),
        ("Theo § IV của luật.", "Theo mục bốn của luật."),
    ]);
}

#[test]
fn footnote_markers_are_silent() {
    check(&[
        (
            "Tỷ lệ đạt 45 phần trăm.[2]",
            "Tỷ lệ đạt bốn mươi lăm phần trăm.",
        ),
        ("Hà Nội[12] và Huế [3] đẹp.", "Hà Nội và Huế đẹp."),
    ]);
}

#[test]
fn sport_economy_and_traffic_lines() {
    check(&[
        (
            "Hết hiệp một, đội nhà tạm dẫn 1-0, chung cuộc 2-1.",
            "Hết hiệp một, đội nhà tạm dẫn một không, chung cuộc hai một.",
        ),
        (
            "Tỷ giá USD/VND giảm nhẹ.",
            "Tỷ giá đô la Mỹ so với đồng giảm nhẹ.",
        ),
        (
            "Điểm chuẩn 26.5 điểm, gấp 1.5 lần năm ngoái.",
            "Điểm chuẩn hai mươi sáu phẩy năm điểm, gấp một phẩy năm lần năm ngoái.",
        ),
        (
            "Xăng RON 95-V tăng 300 đồng/lít.",
            "Xăng rôn chín mươi lăm năm tăng ba trăm đồng một lít.",
        ),
        (
            "Xe BKS 43A-567.89 va chạm với xe 60C-12345.",
            "Xe biển kiểm soát bốn mươi ba a, năm sáu bảy tám chín va chạm với xe sáu mươi xê, một hai ba bốn năm.",
        ),
        (
            "Bà N.T.H. (45 tuổi) bị lừa.",
            "Bà en nờ tê hát (bốn mươi lăm tuổi) bị lừa.",
        ),
        (
            "Anh Lê Văn T., 30 tuổi, bị thương.",
            "Anh Lê Văn tê, ba mươi tuổi, bị thương.",
        ),
        (
            "Thu nhập 4.500 USD/người/năm; VN30 tăng, VN-Index giảm.",
            "Thu nhập bốn nghìn năm trăm đô la Mỹ một người một năm; vê en ba mươi tăng, vê en in đếch giảm.",
        ),
        (
            "Tàu cá QNg 90123 TS gặp nạn gần SVĐ.",
            "Tàu cá QNg chín mươi nghìn một trăm hai mươi ba tê ét xì gặp nạn gần sân vận động.",
        ),
    ]);
}

#[test]
fn ages_in_tens() {
    check(&[
        ("Chị đã 3x tuổi.", "Chị đã ba mươi mấy tuổi."),
        (
            "Ở tuổi 4X, anh vẫn chạy.",
            "Ở tuổi bốn mươi mấy, anh vẫn chạy.",
        ),
        ("Học sinh 1x tuổi.", "Học sinh mười mấy tuổi."),
        // Generations stay letters; decades of years are read.
        ("Thế hệ 9x đã lớn.", "Thế hệ chín x đã lớn."),
        (
            "Nữ ca sĩ sinh năm 199x.",
            "Nữ ca sĩ sinh năm một nghìn chín trăm chín mươi mấy.",
        ),
        (
            "Những năm 200x và 201x.",
            "Những năm hai nghìn không trăm linh mấy và hai nghìn không trăm mười mấy.",
        ),
    ]);
}

#[test]
fn seasons_rates_per_quantity_and_sport_abbreviations() {
    check(&[
        (
            "Năm học 2024/2025 bắt đầu.",
            "Năm học hai nghìn không trăm hai mươi tư đến hai nghìn không trăm hai mươi lăm bắt đầu.",
        ),
        (
            "Mùa giải 2024/25 khởi tranh.",
            "Mùa giải hai nghìn không trăm hai mươi tư đến hai nghìn không trăm hai mươi lăm khởi tranh.",
        ),
        (
            "Xe tiêu thụ 6,5 lít/100km.",
            "Xe tiêu thụ sáu phẩy năm lít trên một trăm ki lô mét.",
        ),
        (
            "Mức 7 lít/100 km là cao.",
            "Mức bảy lít trên một trăm ki lô mét là cao.",
        ),
        (
            "Đội xếp thứ 116/210 trên BXH FIFA, NHM và CĐV chờ VCK.",
            "Đội xếp thứ một trăm mười sáu trên hai trăm mười trên bảng xếp hạng phi pha, người hâm mộ và cổ động viên chờ vòng chung kết.",
        ),
        (
            "Gửi tới tổng đài 1022 hoặc gọi 115.",
            "Gửi tới tổng đài một không hai hai hoặc gọi một một năm.",
        ),
        (
            "Nhà số 115 đường Lê Lợi có camera zoom 100x.",
            "Nhà số một trăm mười lăm đường Lê Lợi có camera zoom một trăm x.",
        ),
        (
            "Có 1022 người dự.",
            "Có một nghìn không trăm hai mươi hai người dự.",
        ),
        (
            "Vòng 1/8 Cúp C1 diễn ra vào tháng 2.",
            "Vòng một phần tám Cúp xê một diễn ra vào tháng hai.",
        ),
        (
            "Tại đường ĐT 741, mực nước dưới BĐ1 0,7m.",
            "Tại đường tỉnh bảy trăm bốn mươi mốt, mực nước dưới báo động một không phẩy bảy mét.",
        ),
        (
            "Đội nữ giành HCV SEA Games 32.",
            "Đội nữ giành huy chương vàng xi Games ba mươi hai.",
        ),
    ]);
}

#[test]
fn an_expansion_does_not_repeat_the_words_just_said() {
    check(&[
        (
            "Cơ quan CSĐT đã vào cuộc.",
            "Cơ quan cảnh sát điều tra đã vào cuộc.",
        ),
        (
            "Hồ sơ được chuyển cơ quan CQĐT xử lý.",
            "Hồ sơ được chuyển cơ quan điều tra xử lý.",
        ),
        // Only words said right before, in the same clause.
        (
            "Theo cơ quan, CSĐT đã vào cuộc.",
            "Theo cơ quan, cơ quan cảnh sát điều tra đã vào cuộc.",
        ),
    ]);
}

#[test]
fn courts_investors_and_workers() {
    check(&[
        (
            "HĐXX nhận định bị cáo thành khẩn.",
            "Hội đồng xét xử nhận định bị cáo thành khẩn.",
        ),
        (
            "Viện KSND huyện đã phê chuẩn, VKS tỉnh đồng ý.",
            "Viện kiểm sát nhân dân huyện đã phê chuẩn, Viện kiểm sát tỉnh đồng ý.",
        ),
        (
            "NLĐ và NĐT đều chờ dự án TĐC của CĐT.",
            "Người lao động và nhà đầu tư đều chờ dự án tái định cư của chủ đầu tư.",
        ),
    ]);
}

#[test]
fn weekdays_quarters_and_money_written_short() {
    check(&[
        (
            "Thứ 2 (9/12) trời rét, từ thứ 7 đến CN trời ấm.",
            "Thứ hai (mồng chín tháng mười hai) trời rét, từ thứ bảy đến chủ nhật trời ấm.",
        ),
        (
            "Lợi nhuận Q2/2025 tăng, T4/2025 giảm.",
            "Lợi nhuận quý hai năm hai nghìn không trăm hai mươi lăm tăng, tháng tư năm hai nghìn không trăm hai mươi lăm giảm.",
        ),
        (
            "Mỗi hộ nhận 2 tr, tổng cộng 45 tr.đ.",
            "Mỗi hộ nhận hai triệu, tổng cộng bốn mươi lăm triệu đồng.",
        ),
        (
            "Mở cửa T2-T6, sáng T7 nghỉ, T4 (10/12) họp.",
            "Mở cửa thứ hai đến thứ sáu, sáng thứ bảy nghỉ, thứ tư (mồng mười tháng mười hai) họp.",
        ),
        // A whole number and a fraction stay a mixed number.
        ("Ống dài 3 1/4 inch.", "Ống dài ba và một phần tư inh."),
    ]);
}

#[test]
fn a_dash_that_goes_down_is_a_date_and_dates_come_in_pairs() {
    check(&[
        (
            "Hôm nay 20-10 là ngày của phụ nữ.",
            "Hôm nay hai mươi tháng mười là ngày của phụ nữ.",
        ),
        (
            "Dịp 27-7 hằng năm, tỉnh tổ chức viếng.",
            "Dịp hai mươi bảy tháng bảy hằng năm, tỉnh tổ chức viếng.",
        ),
        // A unit after: a range written high to low.
        (
            "Nhiệt độ giảm 15-10 độ.",
            "Nhiệt độ giảm mười lăm đến mười độ.",
        ),
        (
            "Ngày 2-9 và 3-9 được nghỉ.",
            "Ngày mồng hai tháng chín và mồng ba tháng chín được nghỉ.",
        ),
        (
            "Mỗi nhóm có 3-5 và 6-8 người.",
            "Mỗi nhóm có ba đến năm và sáu đến tám người.",
        ),
    ]);
}

#[test]
fn lottery_results_are_read_digit_by_digit() {
    check(&[
        (
            "Giải đặc biệt xổ số kiến thiết hôm nay là 80315.",
            "Giải đặc biệt xổ số kiến thiết hôm nay là tám không ba một năm.",
        ),
        (
            "Giải nhất: 40917; giải nhì: 55203 - 09871.",
            "Giải nhất: bốn không chín một bảy; giải nhì: năm năm hai không ba, không chín tám bảy một.",
        ),
        // Not a draw's number: a date, an amount, a time, and no draw at all.
        (
            "Công ty xổ số nộp ngân sách 1500 tỷ đồng ngày 15.",
            "Công ty xổ số nộp ngân sách một nghìn năm trăm tỷ đồng ngày mười lăm.",
        ),
        (
            "Anh giành giải nhất với 2500 điểm.",
            "Anh giành giải nhất với hai nghìn năm trăm điểm.",
        ),
    ]);
}

#[test]
fn a_result_line_between_two_teams_is_a_score() {
    check(&[
        (
            "Kết quả: Juventus 3-1 Napoli, Everton 0-0 Fulham.",
            "Kết quả: Juventus ba một Napoli, Everton không không Fulham.",
        ),
        (
            "Tối qua Hải Phòng 1-2 Thanh Hóa trên sân nhà.",
            "Tối qua Hải Phòng một hai Thanh Hóa trên sân nhà.",
        ),
        // A weekday or a time of day before is a date.
        (
            "Thứ Hai 15-1 Bộ sẽ họp.",
            "Thứ Hai mười lăm tháng một Bộ sẽ họp.",
        ),
    ]);
}

#[test]
fn heights_times_per_share_and_durations() {
    check(&[
        (
            "Cô cao 1m68, nặng 52kg.",
            "Cô cao một mét sáu mươi tám, nặng năm mươi hai ki lô gam.",
        ),
        (
            "Lợi nhuận tăng x3 so với năm trước.",
            "Lợi nhuận tăng nhân ba so với năm trước.",
        ),
        (
            "Cổ tức 1.200 đồng/cp được trả bằng tiền.",
            "Cổ tức một nghìn hai trăm đồng một cổ phiếu được trả bằng tiền.",
        ),
        (
            "Anh về đích sau 42:05 phút.",
            "Anh về đích sau bốn mươi hai phút năm giây.",
        ),
        (
            "Phần thi kéo dài 12:00 phút, còn bài hát dài 3:30 phút.",
            "Phần thi kéo dài mười hai phút, còn bài hát dài ba phút ba mươi giây.",
        ),
    ]);
}

#[test]
fn specialist_doctors_and_flats() {
    check(&[
        (
            "BS.CKII Trần Minh Quân trực ca đêm.",
            "Bác sĩ chuyên khoa hai Trần Minh Quân trực ca đêm.",
        ),
        (
            "Căn 2PN rộng 70m2 giá 3 tỷ đồng.",
            "Căn hai phòng ngủ rộng bảy mươi mét vuông giá ba tỷ đồng.",
        ),
    ]);
}

#[test]
fn a_name_in_full_is_not_followed_by_its_letters_and_standards_have_years() {
    check(&[
        (
            "Ngân hàng Nhà nước (NHNN) vừa điều chỉnh lãi suất.",
            "Ngân hàng Nhà nước vừa điều chỉnh lãi suất.",
        ),
        (
            "Bộ Công an (BCA), cho biết thêm.",
            "Bộ Công an, cho biết thêm.",
        ),
        // Only part of the name before: the rest is said.
        (
            "Theo ngân hàng (NHNN) lãi suất giảm.",
            "Theo ngân hàng (Nhà nước) lãi suất giảm.",
        ),
        (
            "Nhà máy đạt ISO 14001:2015 và TCVN 7957:2008.",
            "Nhà máy đạt i sô mười bốn nghìn không trăm linh một năm hai nghìn không trăm mười lăm và tiêu chuẩn Việt Nam bảy nghìn chín trăm năm mươi bảy năm hai nghìn không trăm linh tám.",
        ),
    ]);
}
