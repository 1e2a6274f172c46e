/** The views of the app frame, in navigation order. The label is also the view's heading. */
export const routes = [
  { id: 'leads', label: 'Leads' },
  { id: 'outbox', label: 'Outbox' },
  { id: 'team', label: 'Team' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof routes)[number]['id'];
export type Route = (typeof routes)[number];

export const defaultRoute: Route = routes[0];

export const hrefOf = (id: RouteId): string => `#/${id}`;

/** "#/outbox" -> the Outbox route; anything unknown (including no hash) -> Leads. */
export function routeFromHash(hash: string): Route {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0];
  return routes.find((route) => route.id === id) ?? defaultRoute;
}
