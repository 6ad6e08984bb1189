import { makeStyles, tokens } from '@fluentui/react-components'
import { RouterLink } from './router-link'

const useStyles = makeStyles({
  list: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    margin: 0,
    padding: 0,
    listStyle: 'none',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
  separator: { marginInlineStart: tokens.spacingHorizontalS },
})

/** "Overview / HR to Demo App": where this page sits, the last item being the page itself. */
export function Breadcrumb(props: {
  readonly items: ReadonlyArray<{ readonly label: string; readonly to?: string }>
}) {
  const styles = useStyles()
  return (
    <nav aria-label="Breadcrumb">
      <ol className={styles.list}>
        {props.items.map((item, index) => (
          <li key={`${index}:${item.label}`}>
            {item.to === undefined ? (
              <span aria-current="page">{item.label}</span>
            ) : (
              <>
                <RouterLink to={item.to}>{item.label}</RouterLink>
                <span aria-hidden="true" className={styles.separator}>
                  /
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
    </nav>
  )
}
