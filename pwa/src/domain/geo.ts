/** Distance between two coordinates (haversine), for "a N m del domicilio". */
export function distanceMeters(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6371000;
  const rad = (x: number) => (x * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** A `geo:` link that opens the phone's map app at a point with a label. */
export function geoLink(lat: number, lon: number, label: string): string {
  const clean = label.replace(/[()]/g, " ").trim();
  return `geo:${lat},${lon}?q=${lat},${lon}(${encodeURIComponent(clean)})`;
}
