import { Icon } from '../components/Icon';
import { hrefOf, routes, type RouteId } from './routes';

/** The main navigation: plain links, so Tab/Enter, middle-click and screen readers all work. */
export function Nav({ current }: { readonly current: RouteId }) {
  return (
    <nav className="nav" aria-label="Main">
      <ul className="nav__list">
        {routes.map((route) => (
          <li key={route.id}>
            <a
              className="nav__link"
              href={hrefOf(route.id)}
              aria-current={route.id === current ? 'page' : undefined}
            >
              <Icon name={route.id} />
              <span>{route.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
