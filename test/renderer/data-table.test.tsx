// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { FluentProvider, webLightTheme } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import { useState } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DataTable, type DataTableProps } from '../../renderer/components/data-table/data-table'
import { RowButton } from '../../renderer/components/data-table/row-button'
import { ROW_HEIGHT, stubLayout, VIEWPORT_HEIGHT } from './layout-stub'

interface Person {
  readonly id: string
  readonly name: string
  readonly mail: string
}

const people = (count: number): Person[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `p${index}`,
    name: `Person ${index}`,
    mail: `p${index}@example.com`,
  }))

const column = createColumnHelper<Person>()
const COLUMNS = [
  column.display({
    id: 'name',
    header: 'Name',
    cell: ({ row }) => <RowButton rowId={row.id} label={row.original.name} controls="details" />,
  }),
  column.display({
    id: 'mail',
    header: 'Mail',
    cell: ({ row }) => <a href={`mailto:${row.original.mail}`}>{row.original.mail}</a>,
  }),
]

function Table(props: Partial<DataTableProps<Person>> & { readonly rows: ReadonlyArray<Person> }) {
  return (
    <FluentProvider theme={webLightTheme}>
      <DataTable
        label="People"
        columns={COLUMNS}
        getRowId={person => person.id}
        estimateRowHeight={ROW_HEIGHT}
        {...props}
      />
    </FluentProvider>
  )
}

/** Rendered body rows' indexes (0-based), from their aria-rowindex (1 is the header row). */
function renderedIndexes(): number[] {
  return within(screen.getByRole('table', { name: 'People' }))
    .getAllByRole('row')
    .slice(1)
    .map(row => Number(row.getAttribute('aria-rowindex')) - 2)
}

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

describe('the data table', () => {
  it('renders only the rows in view of 10,000, and tells assistive technology how many there are', () => {
    render(<Table rows={people(10_000)} />)
    const table = screen.getByRole('table', { name: 'People' })
    expect(table.getAttribute('aria-rowcount')).toBe('10001')
    const shown = renderedIndexes()
    expect(shown[0]).toBe(0)
    expect(shown.length).toBeGreaterThanOrEqual(VIEWPORT_HEIGHT / ROW_HEIGHT)
    expect(shown.length).toBeLessThan(40)
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(header => header.textContent)
    ).toEqual(['Name', 'Mail'])
  })

  it('renders the rows scrolled to, far down the list', async () => {
    const { container } = render(<Table rows={people(10_000)} />)
    const scroller = container.querySelector<HTMLElement>('[data-data-table]')!
    scroller.scrollTop = 5000 * ROW_HEIGHT
    fireEvent.scroll(scroller)
    await waitFor(() => expect(renderedIndexes()).toContain(5005))
    expect(renderedIndexes()).not.toContain(0)
    expect(screen.getByRole('button', { name: 'Person 5005' })).toBeTruthy()
  })

  it('renders only the rows a scroll brings into view, not again every row in view', async () => {
    const rendered: string[] = []
    const counting = [
      column.display({
        id: 'name',
        header: 'Name',
        cell: ({ row }) => {
          rendered.push(row.id)
          return row.original.name
        },
      }),
    ]
    const { container } = render(<Table rows={people(10_000)} columns={counting} rowHeight={ROW_HEIGHT} />)
    const inView = renderedIndexes().length
    rendered.length = 0
    const scroller = container.querySelector<HTMLElement>('[data-data-table]')!
    scroller.scrollTop = 2 * ROW_HEIGHT
    fireEvent.scroll(scroller)
    await waitFor(() => expect(renderedIndexes()).toContain(inView + 1))
    // Two rows came into view; the ones already there kept their cells.
    expect(rendered.length).toBeGreaterThan(0)
    expect(rendered.length).toBeLessThanOrEqual(4)
    expect(rendered).not.toContain('p3')
  })

  it('does not render the rows shown again when a page is read below them', () => {
    const rendered: string[] = []
    const counting = [
      column.display({
        id: 'name',
        header: 'Name',
        cell: ({ row }) => {
          rendered.push(row.id)
          return row.original.name
        },
      }),
    ]
    const all = people(200)
    const { rerender } = render(<Table rows={all.slice(0, 100)} columns={counting} rowHeight={ROW_HEIGHT} />)
    expect(rendered).toContain('p0')
    rendered.length = 0
    // The next page arrives: a new array holding the same people, and a hundred more.
    rerender(<Table rows={all.slice(0, 200)} columns={counting} rowHeight={ROW_HEIGHT} />)
    expect(rendered).toEqual([])
    expect(screen.getByText('Person 0')).toBeTruthy()
  })

  it('keeps the rows in view in place, without rendering them again, when the window lets go of the page above', async () => {
    const rendered: string[] = []
    const counting = [
      column.display({
        id: 'name',
        header: 'Name',
        cell: ({ row }) => {
          rendered.push(row.id)
          return row.original.name
        },
      }),
    ]
    const all = people(300)
    const { container, rerender } = render(
      <Table rows={all.slice(0, 200)} columns={counting} rowHeight={ROW_HEIGHT} />
    )
    const scroller = container.querySelector<HTMLElement>('[data-data-table]')!
    scroller.scrollTop = 150 * ROW_HEIGHT
    fireEvent.scroll(scroller)
    await waitFor(() => expect(screen.getByText('Person 150')).toBeTruthy())
    const shown = screen.getByText('Person 150').closest('tr')!
    rendered.length = 0
    // The window moves on: the first page is dropped and the next one read below.
    rerender(<Table rows={all.slice(100, 300)} columns={counting} rowHeight={ROW_HEIGHT} />)
    expect(scroller.scrollTop).toBe(50 * ROW_HEIGHT)
    expect(screen.getByText('Person 150').closest('tr')).toBe(shown)
    expect(shown.getAttribute('aria-rowindex')).toBe(String(50 + 2))
    // The rows in view only moved (their offset changed): none of their cells was made again.
    expect(rendered).toEqual([])
  })

  it('says the row count is unknown while more rows exist on the server', () => {
    render(<Table rows={people(3)} totalRows={-1} />)
    expect(screen.getByRole('table', { name: 'People' }).getAttribute('aria-rowcount')).toBe('-1')
  })

  it('opens a row from a click anywhere on it, or from its button, once per click', async () => {
    const onRowActivate = vi.fn()
    render(<Table rows={people(3)} onRowActivate={onRowActivate} />)
    fireEvent.click(screen.getByRole('link', { name: 'p1@example.com' }).closest('tr')!)
    fireEvent.click(screen.getByRole('button', { name: 'Person 2' }))
    expect(onRowActivate.mock.calls.map(([person]) => (person as Person).id)).toEqual(['p1', 'p2'])
  })

  it('marks the selected row, and keeps focus on its control when the selection changes', () => {
    function Selecting() {
      const [selected, setSelected] = useState<string | null>(null)
      return (
        <Table
          rows={people(5)}
          selectedRowId={selected}
          onRowActivate={person => setSelected(person.id)}
          hiddenColumns={selected === null ? [] : ['mail']}
        />
      )
    }
    render(<Selecting />)
    const button = screen.getByRole('button', { name: 'Person 3' })
    button.focus()
    fireEvent.click(button)
    expect(button.isConnected).toBe(true)
    expect(document.activeElement).toBe(button)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(button.closest('tr')?.getAttribute('aria-current')).toBe('true')
    expect(
      within(screen.getByRole('table'))
        .getAllByRole('columnheader')
        .map(header => header.textContent)
    ).toEqual(['Name'])
  })

  it('leaves out expendable columns when the table is too narrow for all of them', async () => {
    const wide = [
      ...COLUMNS,
      column.display({
        id: 'notes',
        header: 'Notes',
        meta: { width: 'minmax(30rem, 1fr)' },
        cell: () => 'note',
      }),
      column.display({
        id: 'extra',
        header: 'Extra',
        meta: { width: 'minmax(30rem, 1fr)' },
        cell: () => 'extra',
      }),
    ]
    render(
      <FluentProvider theme={webLightTheme}>
        <DataTable
          label="People"
          columns={wide}
          rows={people(3)}
          getRowId={person => person.id}
          dropToFit={['extra', 'notes', 'name']}
        />
      </FluentProvider>
    )
    // 1000 px wide (the stubbed layout): Name, Mail and Notes fit (about 670 px), Extra does not.
    await waitFor(() =>
      expect(screen.getAllByRole('columnheader').map(header => header.textContent)).toEqual([
        'Name',
        'Mail',
        'Notes',
      ])
    )
  })

  it('moves focus between rows with the arrow keys, staying in the same column', () => {
    render(<Table rows={people(50)} />)
    const mail = screen.getByRole('link', { name: 'p3@example.com' })
    mail.focus()
    fireEvent.keyDown(mail, { key: 'ArrowDown' })
    expect(document.activeElement?.textContent).toBe('p4@example.com')
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' })
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' })
    expect(document.activeElement?.textContent).toBe('p2@example.com')
    fireEvent.keyDown(document.activeElement!, { key: 'Home' })
    expect(document.activeElement?.textContent).toBe('p0@example.com')
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' })
    expect(document.activeElement?.textContent).toBe('p0@example.com')
  })

  it('scrolls to a row out of view before focusing it (End)', async () => {
    render(<Table rows={people(1000)} />)
    const first = screen.getByRole('button', { name: 'Person 0' })
    first.focus()
    act(() => {
      fireEvent.keyDown(first, { key: 'End' })
    })
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Person 999'))
  })

  it('asks for more rows once the last loaded row is in view, not before', async () => {
    const onEndReached = vi.fn()
    const { container, rerender } = render(<Table rows={people(200)} onEndReached={onEndReached} />)
    expect(onEndReached).not.toHaveBeenCalled()
    const scroller = container.querySelector<HTMLElement>('[data-data-table]')!
    scroller.scrollTop = 200 * ROW_HEIGHT - VIEWPORT_HEIGHT
    fireEvent.scroll(scroller)
    await waitFor(() => expect(onEndReached).toHaveBeenCalledTimes(1))
    // The next page arrives: the end is further away again.
    rerender(<Table rows={people(300)} onEndReached={onEndReached} />)
    expect(onEndReached).toHaveBeenCalledTimes(1)
  })
})
