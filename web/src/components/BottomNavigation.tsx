/** The main menu of a logged-in customer, at the bottom where a thumb reaches it. */
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { Icon, type IconName } from './Icon.tsx';

const items: readonly { to: string; label: string; icon: IconName; primary?: boolean }[] = [
  { to: '/home', label: 'nav.home', icon: 'home' },
  { to: '/requests', label: 'nav.requests', icon: 'list' },
  { to: '/pay', label: 'nav.pay', icon: 'camera', primary: true },
  { to: '/incoming', label: 'nav.incoming', icon: 'inbox' },
  { to: '/profile', label: 'nav.profile', icon: 'person' },
];

export function BottomNavigation() {
  const { t } = useTranslation();
  return (
    <nav className="bottom-navigation" aria-label={t('nav.label')}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              className={({ isActive }) =>
                `bottom-navigation__link${item.primary ? ' bottom-navigation__link--primary' : ''}${isActive ? ' is-active' : ''}`
              }
            >
              <Icon name={item.icon} />
              <span>{t(item.label)}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
