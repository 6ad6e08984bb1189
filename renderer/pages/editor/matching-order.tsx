import { Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components'
import { type DragEvent, type KeyboardEvent, useRef, useState } from 'react'
import { type Path, useFormContext, useWatch } from 'react-hook-form'
import { ArrowDownRegular, ArrowUpRegular, ReOrderDotsVerticalRegular } from '../../components/icons'
import type { JobDocument, MappingDocument } from '../../lib/job-document'
import { stackedList } from '../../lib/list-styles'
import { EditorCard } from './editor-card'

const useStyles = makeStyles({
  list: stackedList(),
  item: {
    display: 'grid',
    gridTemplateColumns: 'auto 2rem minmax(0, 1fr) auto',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  dragging: { opacity: 0.5 },
  over: { boxShadow: `0 -3px 0 ${tokens.colorBrandStroke1}` },
  handle: { cursor: 'grab', color: tokens.colorNeutralForeground3, display: 'flex' },
  rank: { fontWeight: tokens.fontWeightSemibold, textAlign: 'end' },
  name: {
    fontFamily: tokens.fontFamilyMonospace,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalXXS },
  secondary: { margin: 0, color: tokens.colorNeutralForeground3 },
})

/** Mappings used for matching, as `[index in the mapping list, mapping]`, in precedence order. */
export function matchingMappings(mappings: ReadonlyArray<MappingDocument>): Array<[number, MappingDocument]> {
  return mappings
    .map((mapping, index) => [index, mapping] as [number, MappingDocument])
    .filter(([, mapping]) => typeof mapping.matchingPrecedence === 'number')
    .sort(([, a], [, b]) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0))
}

/**
 * The matching attributes in the order they are tried. Reordered by dragging, by the arrow
 * buttons, or with Alt+Up/Down on an item; the precedences are renumbered 1, 2, 3….
 */
export function MatchingOrder(props: { readonly section: 'users' | 'groups' }) {
  const styles = useStyles()
  const form = useFormContext<JobDocument>()
  const name = `${props.section}.mappings` as Path<JobDocument>
  const mappings = (useWatch<JobDocument>({ name }) ?? []) as MappingDocument[]
  const ordered = matchingMappings(mappings)
  const items = useRef<Array<HTMLLIElement | null>>([])
  const [dragged, setDragged] = useState<number | null>(null)
  const [over, setOver] = useState<number | null>(null)
  const [announcement, setAnnouncement] = useState('')

  const move = (from: number, to: number) => {
    if (to < 0 || to >= ordered.length || from === to) return
    const order = ordered.map(([index]) => index)
    const [moved] = order.splice(from, 1)
    if (moved === undefined) return
    order.splice(to, 0, moved)
    order.forEach((index, position) =>
      form.setValue(`${name}.${index}.matchingPrecedence` as Path<JobDocument>, (position + 1) as never, {
        shouldDirty: true,
        shouldValidate: true,
      })
    )
    setAnnouncement(`${mappings[moved]?.target ?? 'Mapping'} is now tried ${ordinal(to + 1)}.`)
    // Focus follows the moved item, so the keyboard can keep moving it.
    requestAnimationFrame(() => items.current[to]?.focus())
  }
  const onKeyDown = (event: KeyboardEvent, position: number) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
    event.preventDefault()
    move(position, position + (event.key === 'ArrowUp' ? -1 : 1))
  }
  const onDrop = (event: DragEvent, position: number) => {
    event.preventDefault()
    if (dragged !== null) move(dragged, position)
    setDragged(null)
    setOver(null)
  }

  return (
    <EditorCard
      id={`${props.section}-matching`}
      title="Matching"
      description="An existing account is found by these attributes, tried in this order; the first that finds one decides. Drag to reorder, or press Alt+Up / Alt+Down on an item."
    >
      {ordered.length === 0 ? (
        <Text as="p" className={styles.secondary}>
          No mapping is used for matching yet: open a mapping below and tick &ldquo;Use to match existing
          accounts&rdquo;.
        </Text>
      ) : (
        <ol className={styles.list} aria-label="Matching attributes, in the order they are tried">
          {ordered.map(([index, mapping], position) => (
            <li
              key={index}
              ref={element => {
                items.current[position] = element
              }}
              tabIndex={0}
              draggable
              aria-label={`${ordinal(position + 1)}: ${mapping.target}`}
              className={mergeClasses(
                styles.item,
                dragged === position && styles.dragging,
                over === position && dragged !== position && styles.over
              )}
              onKeyDown={event => onKeyDown(event, position)}
              onDragStart={event => {
                setDragged(position)
                event.dataTransfer.effectAllowed = 'move'
                event.dataTransfer.setData('text/plain', String(position))
              }}
              onDragOver={event => {
                event.preventDefault()
                setOver(position)
              }}
              onDragLeave={() => setOver(null)}
              onDrop={event => onDrop(event, position)}
              onDragEnd={() => {
                setDragged(null)
                setOver(null)
              }}
            >
              <span className={styles.handle} aria-hidden="true">
                <ReOrderDotsVerticalRegular />
              </span>
              <span className={styles.rank}>{position + 1}</span>
              <span className={styles.name} title={mapping.target}>
                {mapping.target || '(no attribute yet)'}
              </span>
              <span className={styles.buttons}>
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<ArrowUpRegular />}
                  aria-label={`Try ${mapping.target} earlier`}
                  disabled={position === 0}
                  onClick={() => move(position, position - 1)}
                />
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<ArrowDownRegular />}
                  aria-label={`Try ${mapping.target} later`}
                  disabled={position === ordered.length - 1}
                  onClick={() => move(position, position + 1)}
                />
              </span>
            </li>
          ))}
        </ol>
      )}
      <div role="status" aria-live="polite" className={styles.secondary}>
        {announcement}
      </div>
    </EditorCard>
  )
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th'
  return `${n}${suffix}`
}
