//! Where the Michigan cities of `seed::michigan` are, for `Location.position`.
//!
//! Plan-Net apps put practice sites on a map and search near a point, so a site's
//! latitude and longitude must fall in the city its address names. The table follows
//! `michigan::CITIES` entry for entry (a test keeps them aligned); coordinates are each
//! city's centre, to about a kilometre.

/// Latitude and longitude (WGS84 degrees) of each city in `michigan::CITIES`, in order.
pub const CITY_CENTRES: &[(&str, f64, f64)] = &[
    ("Detroit", 42.3314, -83.0458),
    ("Grand Rapids", 42.9634, -85.6681),
    ("Warren", 42.5145, -83.0147),
    ("Sterling Heights", 42.5803, -83.0302),
    ("Ann Arbor", 42.2808, -83.7430),
    ("Lansing", 42.7325, -84.5555),
    ("Dearborn", 42.3223, -83.1763),
    ("Clinton Township", 42.5870, -82.9199),
    ("Canton", 42.3087, -83.4821),
    ("Livonia", 42.3684, -83.3527),
    ("Troy", 42.6064, -83.1498),
    ("Westland", 42.3242, -83.4002),
    ("Farmington Hills", 42.4989, -83.3677),
    ("Flint", 43.0125, -83.6875),
    ("Kalamazoo", 42.2917, -85.5872),
    ("Wyoming", 42.9134, -85.7053),
    ("Southfield", 42.4734, -83.2219),
    ("Rochester Hills", 42.6584, -83.1499),
    ("Taylor", 42.2409, -83.2697),
    ("Pontiac", 42.6389, -83.2910),
    ("St. Clair Shores", 42.4970, -82.8888),
    ("Royal Oak", 42.4895, -83.1446),
    ("Novi", 42.4806, -83.4755),
    ("Dearborn Heights", 42.3370, -83.2733),
    ("Battle Creek", 42.3212, -85.1797),
    ("Saginaw", 43.4195, -83.9508),
    ("Kentwood", 42.8695, -85.6448),
    ("East Lansing", 42.7370, -84.4839),
    ("Roseville", 42.4973, -82.9371),
    ("Portage", 42.2012, -85.5800),
    ("Midland", 43.6156, -84.2472),
    ("Muskegon", 43.2342, -86.2484),
    ("Holland", 42.7875, -86.1089),
    ("Bay City", 43.5945, -83.8889),
    ("Jackson", 42.2459, -84.4013),
    ("Traverse City", 44.7631, -85.6206),
    ("Marquette", 46.5436, -87.3954),
    ("Mount Pleasant", 43.5978, -84.7675),
    ("Port Huron", 42.9709, -82.4249),
    ("Ypsilanti", 42.2411, -83.6130),
];

/// The centre of the city at `index` in `michigan::CITIES`, if the table has it.
pub fn centre(index: usize) -> Option<(f64, f64)> {
    CITY_CENTRES.get(index).map(|&(_, lat, lon)| (lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::michigan::CITIES;

    #[test]
    fn every_michigan_city_has_its_centre_in_michigan() {
        assert_eq!(CITY_CENTRES.len(), CITIES.len());
        for (city, (name, lat, lon)) in CITIES.iter().zip(CITY_CENTRES) {
            assert_eq!(city.name, *name);
            assert!((41.6..=47.5).contains(lat), "{name} {lat}");
            assert!((-90.5..=-82.1).contains(lon), "{name} {lon}");
        }
    }
}
