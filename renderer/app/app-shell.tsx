import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components'
import { type MouseEvent, type ReactNode } from 'react'
import { Link, Outlet, useMatch } from 'react-router'
import { ThemeMenu } from './theme-menu'

const useStyles = makeStyles({
  shell: { display: 'flex', flexDirection: 'column', minHeight: '100vh' },
  skip: {
    position: 'absolute',
    left: tokens.spacingHorizontalS,
    top: '-4rem',
    zIndex: 10,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    borderRadius: tokens.borderRadiusMedium,
    ':focus': {
      top: tokens.spacingVerticalS,
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
  header: {
    display: 'flex',
    alignItems: 'stretch',
    gap: tokens.spacingHorizontalXXL,
    paddingInline: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { alignSelf: 'center', paddingBlock: tokens.spacingVerticalM },
  end: { marginInlineStart: 'auto', alignSelf: 'center' },
  navList: {
    display: 'flex',
    gap: tokens.spacingHorizontalXS,
    margin: 0,
    padding: 0,
    listStyle: 'none',
    height: '100%',
  },
  navLink: {
    display: 'flex',
    alignItems: 'center',
    height: '100%',
    boxSizing: 'border-box',
    paddingInline: tokens.spacingHorizontalM,
    color: tokens.colorNeutralForeground2,
    textDecoration: 'none',
    borderBottom: `${tokens.strokeWidthThicker} solid transparent`,
    ':hover': { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground3Hover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: `calc(-1 * ${tokens.strokeWidthThick})`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  current: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    borderBottomColor: tokens.colorCompoundBrandStroke,
  },
  main: {
    flexGrow: 1,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`,
    minWidth: 0,
    ':focus': { outline: 'none' },
  },
})

/** The frame of every page: skip link, the app's name, main navigation, and the page. */
export function AppShell(props: { readonly children?: ReactNode }) {
  const styles = useStyles()
  const atOverview = useMatch('/') !== null
  const atJob = useMatch('/jobs/*') !== null
  const atLogs = useMatch('/logs') !== null
  const atAccess = useMatch('/access') !== null
  const atReviews = useMatch('/reviews/*') !== null
  return (
    <div className={styles.shell}>
      <a className={styles.skip} href="#main" onClick={focusMain}>
        Skip to content
      </a>
      <header className={styles.header}>
        <Text weight="semibold" size={500} className={styles.brand}>
          Provisioner
        </Text>
        <nav aria-label="Main">
          <ul className={styles.navList}>
            <NavItem to="/" current={atOverview || atJob}>
              Overview
            </NavItem>
            <NavItem to="/logs" current={atLogs}>
              Logs
            </NavItem>
            <NavItem to="/access" current={atAccess}>
              Access
            </NavItem>
            <NavItem to="/reviews" current={atReviews}>
              Reviews
            </NavItem>
          </ul>
        </nav>
        <div className={styles.end}>
          <ThemeMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={styles.main}>
        {props.children ?? <Outlet />}
      </main>
    </div>
  )
}

function NavItem(props: { readonly to: string; readonly current: boolean; readonly children: string }) {
  const styles = useStyles()
  return (
    <li>
      <Link
        to={props.to}
        className={mergeClasses(styles.navLink, props.current && styles.current)}
        aria-current={props.current ? 'page' : undefined}
      >
        {props.children}
      </Link>
    </li>
  )
}

/** The skip link targets an id, which would replace the route hash; move focus instead. */
function focusMain(event: MouseEvent): void {
  event.preventDefault()
  document.getElementById('main')?.focus()
}
