//! Units of measure and currencies after a number: `km`, `kg`, `m2`, `m³`, `ha`, `°C`, `km/h`,
//! `kW`, `GB`, `mAh`, `đ`, `₫`, `VND`, `USD`, `$`, in the case they are written in and in the
//! lower case news often uses (`220v`, `5gb`, `50hz`, `1kw`).

/// A unit's spoken name and whether it is a currency (or `%`), which is read *một* before
/// what it is counted per (`đồng một ki lô gam`) where a physical unit is read *trên* (`mét
/// trên giây`).
fn entry(text: &str) -> Option<(&'static str, bool)> {
    let physical = |name| Some((name, false));
    let money = |name| Some((name, true));
    match text {
        "km" | "Km" => physical("ki lô mét"),
        "m" => physical("mét"),
        "dm" => physical("đề xi mét"),
        "cm" => physical("xăng ti mét"),
        "mm" => physical("mi li mét"),
        "µm" | "μm" => physical("mi crô mét"),
        "nm" => physical("na nô mét"),
        "m2" | "m²" => physical("mét vuông"),
        "cm2" | "cm²" => physical("xăng ti mét vuông"),
        "km2" | "km²" => physical("ki lô mét vuông"),
        "m3" | "m³" => physical("mét khối"),
        "cm3" | "cm³" => physical("xăng ti mét khối"),
        "cc" => physical("phân khối"),
        "ha" => physical("héc ta"),
        "kg" => physical("ki lô gam"),
        "g" | "gr" => physical("gam"),
        "mg" => physical("mi li gam"),
        "µg" | "μg" | "mcg" => physical("mi crô gam"),
        "l" | "lít" => physical("lít"),
        "ml" => physical("mi li lít"),
        "lb" | "lbs" => physical("pao"),
        "oz" => physical("ao xơ"),
        "inch" => physical("inh"),
        "ft" => physical("phít"),
        "°C" | "ºC" | "độC" | "oC" => physical("độ xê"),
        "°F" | "ºF" => physical("độ ép"),
        "°K" => physical("độ ca"),
        "°" | "º" => physical("độ"),
        "km/h" | "km/giờ" => physical("ki lô mét trên giờ"),
        "m/s" => physical("mét trên giây"),
        "h" => physical("giờ"),
        "min" => physical("phút"),
        "s" => physical("giây"),
        "W" => physical("oát"),
        "kW" => physical("ki lô oát"),
        "kWh" => physical("ki lô oát giờ"),
        "MW" => physical("mê ga oát"),
        "MWh" => physical("mê ga oát giờ"),
        "GW" => physical("gi ga oát"),
        "TW" => physical("tê ra oát"),
        "V" => physical("vôn"),
        "mV" => physical("mi li vôn"),
        "kV" => physical("ki lô vôn"),
        "mA" => physical("mi li am pe"),
        "mAh" => physical("mi li am pe giờ"),
        "HP" | "hp" => physical("mã lực"),
        // Flats in property listings: `căn 2PN`.
        "PN" => physical("phòng ngủ"),
        "kB" | "KB" => physical("ki lô bai"),
        "MB" | "Mb" => physical("mê ga bai"),
        "GB" | "Gb" => physical("gi ga bai"),
        "TB" | "Tb" => physical("tê ra bai"),
        "Mbps" => physical("mê ga bít trên giây"),
        "Gbps" => physical("gi ga bít trên giây"),
        "Hz" => physical("héc"),
        "kHz" => physical("ki lô héc"),
        "MHz" => physical("mê ga héc"),
        "GHz" => physical("gi ga héc"),
        "MP" => physical("mê ga pích xen"),
        "dB" => physical("đề xi ben"),
        "dpi" => physical("điểm ảnh trên inh"),
        "ppm" => physical("phần triệu"),
        "kcal" => physical("ki lô ca lo"),
        "mmHg" => physical("mi li mét thủy ngân"),
        "tấn" => physical("tấn"),
        "đ" | "₫" | "đồng" | "VND" | "VNĐ" | "vnđ" | "vnd" => money("đồng"),
        // `2 tr`, `45 tr.đ`: *triệu*, *triệu đồng*, as notes and captions write them.
        "tr" => money("triệu"),
        "tr.đ" | "trđ" => money("triệu đồng"),
        "USD" | "usd" => money("đô la Mỹ"),
        "EUR" | "€" | "euro" => money("ơ rô"),
        "$" => money("đô la"),
        "¥" | "JPY" => money("yên"),
        "£" | "GBP" => money("bảng Anh"),
        "₹" => money("ru pi"),
        "₩" => money("uôn"),
        "%" => money("phần trăm"),
        "‰" => money("phần nghìn"),
        _ => None,
    }
}

/// Lower-case spellings of units written in capitals: `220v`, `5gb`, `50hz`, `1kw`.
fn lower_case(text: &str) -> Option<(&'static str, bool)> {
    let canonical = match text.to_lowercase().as_str() {
        "v" => "V",
        "kw" => "kW",
        "kwh" => "kWh",
        "mw" => "MW",
        "tw" => "TW",
        "kv" => "kV",
        "kb" => "kB",
        "mb" => "MB",
        "gb" => "GB",
        "tb" => "TB",
        "hz" => "Hz",
        "khz" => "kHz",
        "mhz" => "MHz",
        "ghz" => "GHz",
        "mah" => "mAh",
        "db" => "dB",
        "°c" | "ºc" | "oc" => "°C",
        "°f" | "ºf" => "°F",
        "°k" => "°K",
        "mbps" => "Mbps",
        "gbps" => "Gbps",
        "vnd" | "vnđ" => "VND",
        "usd" => "USD",
        _ => return None,
    };
    entry(canonical)
}

fn find(text: &str) -> Option<(&'static str, bool)> {
    entry(text).or_else(|| lower_case(text))
}

/// The spoken name of a unit or currency written after a number, if it is one.
pub fn unit(text: &str) -> Option<&'static str> {
    find(text).map(|(name, _)| name)
}

/// Whether `text` is a currency or a per cent sign (read *một* before what it is per).
pub fn is_money(text: &str) -> bool {
    find(text).is_some_and(|(_, money)| money)
}

/// A currency written before the number (`$100`): its name, read after the number.
pub fn currency_prefix(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("đô la"),
        '€' => Some("ơ rô"),
        '£' => Some("bảng Anh"),
        '¥' => Some("yên"),
        '₫' => Some("đồng"),
        '₹' => Some("ru pi"),
        _ => None,
    }
}

/// Splits a number glued to its unit (`5km`, `500.000đ`, `6,8%`, `25°C`): the number and the
/// unit, when the tail is a known unit.
pub fn split_glued(text: &str) -> Option<(&str, &'static str)> {
    let at = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|(i, _)| i)?;
    if at == 0 {
        return None;
    }
    let (number, tail) = text.split_at(at);
    if number.ends_with(['.', ',']) {
        return None;
    }
    Some((number, unit(tail)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_currencies() {
        assert_eq!(unit("km"), Some("ki lô mét"));
        assert_eq!(unit("m³"), Some("mét khối"));
        assert_eq!(unit("°C"), Some("độ xê"));
        assert_eq!(unit("km/h"), Some("ki lô mét trên giờ"));
        assert_eq!(unit("USD"), Some("đô la Mỹ"));
        assert_eq!(unit("đ"), Some("đồng"));
        assert_eq!(unit("₫"), Some("đồng"));
        assert_eq!(unit("nhà"), None);
        assert_eq!(currency_prefix('$'), Some("đô la"));
        assert!(is_money("đ") && is_money("%") && !is_money("kg"));
    }

    #[test]
    fn units_in_lower_case() {
        assert_eq!(unit("v"), Some("vôn"));
        assert_eq!(unit("gb"), Some("gi ga bai"));
        assert_eq!(unit("hz"), Some("héc"));
        assert_eq!(unit("kw"), Some("ki lô oát"));
        assert_eq!(unit("15oC"), None);
        assert_eq!(unit("oC"), Some("độ xê"));
        assert_eq!(unit("°c"), Some("độ xê"));
        // Only units known to be written so: a lone capital stays what it is.
        assert_eq!(unit("Kg"), None);
    }

    #[test]
    fn numbers_glued_to_units() {
        assert_eq!(split_glued("5km"), Some(("5", "ki lô mét")));
        assert_eq!(split_glued("500.000đ"), Some(("500.000", "đồng")));
        assert_eq!(split_glued("1.234.567₫"), Some(("1.234.567", "đồng")));
        assert_eq!(split_glued("6,8%"), Some(("6,8", "phần trăm")));
        assert_eq!(split_glued("25°C"), Some(("25", "độ xê")));
        assert_eq!(split_glued("220v"), Some(("220", "vôn")));
        assert_eq!(split_glued("3HP"), Some(("3", "mã lực")));
        assert_eq!(split_glued("5xyz"), None);
        assert_eq!(split_glued("km"), None);
    }
}
