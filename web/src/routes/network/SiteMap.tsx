import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './network.css';
import { STATUS_HEX, statusColor } from '../../live/status';
import type { MapSite } from './sites';

interface Props {
  sites: MapSite[];
  tileUrl: string | null;
  attribution: string | null;
  /** in-app link to a charger (keeps `?org=`) */
  chargerLink: (chargerId: string) => string;
  onNavigate: (to: string) => void;
}

const hex = (status: string) => STATUS_HEX[statusColor(status)] ?? STATUS_HEX.gray;

function iconOf(site: MapSite): L.DivIcon {
  return L.divIcon({
    className: 'site-marker',
    html: `<span class="site-marker-dot" style="background:${hex(site.status)}">${site.chargers.length}</span>`,
    iconSize: [30, 30],
    iconAnchor: [15, 15],
    popupAnchor: [0, -14],
  });
}

/** Popup content built as DOM nodes: site and charger names are user data, never HTML. */
function popupOf(site: MapSite, chargerLink: Props['chargerLink'], onNavigate: Props['onNavigate']): HTMLElement {
  const root = document.createElement('div');
  const title = root.appendChild(document.createElement('strong'));
  title.textContent = site.name;
  const org = root.appendChild(document.createElement('div'));
  org.textContent = site.organizationName;
  org.style.color = '#868e96';
  const list = root.appendChild(document.createElement('ul'));
  list.style.cssText = 'margin:6px 0 0;padding:0;list-style:none';
  if (site.chargers.length === 0) list.appendChild(document.createElement('li')).textContent = 'No chargers on the map';
  for (const charger of site.chargers) {
    const item = list.appendChild(document.createElement('li'));
    const dot = item.appendChild(document.createElement('span'));
    dot.style.cssText = `display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px;background:${hex(charger.status)}`;
    const link = item.appendChild(document.createElement('a'));
    link.href = chargerLink(charger.chargerId);
    link.textContent = charger.name;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      onNavigate(link.getAttribute('href') ?? '/');
    });
    item.appendChild(document.createTextNode(` — ${charger.status}`));
  }
  return root;
}

// Where markers overlap, the one that needs attention is drawn on top.
const PROMINENCE: Record<string, number> = { Faulted: 4, Charging: 3, Offline: 0, Available: 1 };
const zIndexOf = (site: MapSite) => (PROMINENCE[site.status] ?? 2) * 100;

const label = (site: MapSite) =>
  `${site.name}: ${site.chargers.length} charger${site.chargers.length === 1 ? '' : 's'}, ${site.status}`;

/**
 * Sites on a Leaflet map, one marker per site coloured by its most significant live status.
 * Markers are HTML, so they show on the plain background even when no map tiles can load.
 */
export function SiteMap({ sites, tileUrl, attribution, chargerLink, onNavigate }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markers = useRef(new Map<string, L.Marker>());
  const fittedFor = useRef('');

  useEffect(() => {
    if (!element.current) return;
    const instance = L.map(element.current, { worldCopyJump: true }).setView([20, 40], 2);
    map.current = instance;
    const observer = new ResizeObserver(() => instance.invalidateSize());
    observer.observe(element.current);
    const current = markers.current;
    return () => {
      observer.disconnect();
      instance.remove();
      map.current = null;
      current.clear();
      fittedFor.current = '';
    };
  }, []);

  useEffect(() => {
    const instance = map.current;
    if (!instance || !tileUrl) return;
    const layer = L.tileLayer(tileUrl, { attribution: attribution ?? '', maxZoom: 19 }).addTo(instance);
    return () => {
      layer.remove();
    };
  }, [tileUrl, attribution]);

  useEffect(() => {
    const instance = map.current;
    if (!instance) return;
    const placed = sites.filter((s) => s.latitude !== null && s.longitude !== null);
    const keep = new Set(placed.map((s) => s.siteId));
    for (const [id, marker] of markers.current) {
      if (!keep.has(id)) {
        marker.remove();
        markers.current.delete(id);
      }
    }
    for (const site of placed) {
      const at: L.LatLngExpression = [site.latitude!, site.longitude!];
      let marker = markers.current.get(site.siteId);
      if (!marker) {
        marker = L.marker(at, { icon: iconOf(site), title: label(site), keyboard: true, zIndexOffset: zIndexOf(site) }).addTo(
          instance,
        );
        marker.bindPopup(popupOf(site, chargerLink, onNavigate));
        markers.current.set(site.siteId, marker);
      } else {
        marker.setLatLng(at);
        marker.setIcon(iconOf(site));
        marker.setZIndexOffset(zIndexOf(site));
        marker.setPopupContent(popupOf(site, chargerLink, onNavigate));
      }
      const el = marker.getElement();
      el?.setAttribute('aria-label', label(site));
      el?.setAttribute('data-status', site.status);
    }
    // Fit the view when the set of sites changes (first load, another organization), not on every live update.
    const key = [...keep].sort().join(',');
    if (key && key !== fittedFor.current) {
      fittedFor.current = key;
      instance.fitBounds(L.latLngBounds(placed.map((s) => [s.latitude!, s.longitude!])), { padding: [40, 40], maxZoom: 13 });
    }
  }, [sites, chargerLink, onNavigate]);

  return <div ref={element} className="network-map" role="region" aria-label="Map of sites and chargers" />;
}
