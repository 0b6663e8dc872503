-- Distances on the ground, the one way: great-circle (haversine) metres on a sphere of the
-- Earth's mean radius (6 371 008.8 m; within 0.5 % of the ellipsoid, enough for "near me"
-- and alert circles). Both functions are plain SQL expressions, IMMUTABLE and not STRICT, so
-- the planner inlines them into the query: the bounding box of `platform.within_m` then uses
-- an ordinary b-tree index on (lat, lon) before any trigonometry runs.

-- Metres between two points given in decimal degrees (WGS 84 latitude and longitude).
CREATE FUNCTION platform.distance_m(lat1 float8, lon1 float8, lat2 float8, lon2 float8)
RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT 2 * 6371008.8 * asin(least(1, sqrt(
    power(sin(radians($3 - $1) / 2), 2)
    + cos(radians($1)) * cos(radians($3)) * power(sin(radians($4 - $2) / 2), 2))))
$$;

-- True when (lat, lon) lies within radius_m metres of (center_lat, center_lon). First a
-- bounding box in degrees that never leaves out a point of the circle (its longitude
-- half-width is taken at the circle's edge nearest the pole), then the exact distance.
-- Points near the antimeridian (±180°) are not handled: no deployment needs them.
CREATE FUNCTION platform.within_m(lat float8, lon float8, center_lat float8, center_lon float8, radius_m float8)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT $1 BETWEEN $3 - degrees($5 / 6371008.8) AND $3 + degrees($5 / 6371008.8)
     AND $2 BETWEEN $4 - degrees($5 / 6371008.8) / greatest(cos(radians(least(abs($3) + degrees($5 / 6371008.8), 89.9))), 0.001)
                AND $4 + degrees($5 / 6371008.8) / greatest(cos(radians(least(abs($3) + degrees($5 / 6371008.8), 89.9))), 0.001)
     AND platform.distance_m($1, $2, $3, $4) <= $5
$$;
