//! Units of measure and currencies after a number: `km`, `kg`, `m2`, `m³`, `ha`, `°C`, `km/h`,
//! `đ`, `VND`, `USD`, `$`.

/// The spoken name of a unit or currency written after a number, if it is one.
pub fn unit(text: &str) -> Option<&'static str> {
    Some(match text {
        "km" => "ki lô mét",
        "m" => "mét",
        "cm" => "xen ti mét",
        "mm" => "mi li mét",
        "m2" | "m²" => "mét vuông",
        "km2" | "km²" => "ki lô mét vuông",
        "m3" | "m³" => "mét khối",
        "ha" => "héc ta",
        "kg" => "ki lô gam",
        "g" | "gr" => "gam",
        "mg" => "mi li gam",
        "l" => "lít",
        "ml" => "mi li lít",
        "°C" | "ºC" | "độC" => "độ xê",
        "°F" => "độ ép",
        "°" => "độ",
        "km/h" | "km/giờ" => "ki lô mét trên giờ",
        "m/s" => "mét trên giây",
        "kW" => "ki lô oát",
        "kWh" => "ki lô oát giờ",
        "MW" => "mê ga oát",
        "GW" => "gi ga oát",
        "W" => "oát",
        "V" => "vôn",
        "kV" => "ki lô vôn",
        "GB" => "gi ga bai",
        "MB" => "mê ga bai",
        "TB" => "tê ra bai",
        "Hz" => "héc",
        "MHz" => "mê ga héc",
        "GHz" => "gi ga héc",
        "mmHg" => "mi li mét thủy ngân",
        "đ" | "đồng" | "VND" | "VNĐ" | "vnđ" | "vnd" => "đồng",
        "USD" => "đô la Mỹ",
        "EUR" | "€" => "ơ rô",
        "$" => "đô la",
        "¥" => "yên",
        "£" => "bảng Anh",
        "%" => "phần trăm",
        _ => return None,
    })
}

/// A currency written before the number (`$100`): its name, read after the number.
pub fn currency_prefix(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("đô la"),
        '€' => Some("ơ rô"),
        '£' => Some("bảng Anh"),
        '¥' => Some("yên"),
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
        assert_eq!(unit("nhà"), None);
        assert_eq!(currency_prefix('$'), Some("đô la"));
    }

    #[test]
    fn numbers_glued_to_units() {
        assert_eq!(split_glued("5km"), Some(("5", "ki lô mét")));
        assert_eq!(split_glued("500.000đ"), Some(("500.000", "đồng")));
        assert_eq!(split_glued("6,8%"), Some(("6,8", "phần trăm")));
        assert_eq!(split_glued("25°C"), Some(("25", "độ xê")));
        assert_eq!(split_glued("5xyz"), None);
        assert_eq!(split_glued("km"), None);
    }
}
