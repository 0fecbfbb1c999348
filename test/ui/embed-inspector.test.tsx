/**
 * In an embed (controls=full) the inspector is a drawer over the picture, not a column below it
 * (which in an 800 x 500 frame opened out of sight): it takes the focus, Escape or "Close inspector"
 * closes it, and the focus goes back to what opened it.
 */
import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { builtInScenario } from '../../src/scenarios'
import { renderApp } from './harness'

async function renderEmbed(embed = true) {
  const app = await renderApp(builtInScenario('hello-kafka')!)
  act(() => app.store.setState({ layout: { embed, controls: 'full' } }))
  return app
}

describe('the inspector in an embed', () => {
  it('opens as a drawer that takes the focus, without narrowing the picture', async () => {
    const app = await renderEmbed()
    const producer = screen.getByRole('button', { name: 'producer-1' })
    await app.user.click(producer)
    const drawer = screen.getByRole('complementary', { name: 'Inspector' })
    expect(drawer).toHaveClass('embed-inspector')
    expect(drawer).toHaveFocus()
    expect(within(drawer).getByRole('heading', { name: 'Inspector' })).toBeInTheDocument()
    // The picture keeps its width: the drawer lies over it (embed.css), the workspace is not split.
    expect(drawer.closest('.workspace')).not.toHaveClass('with-inspector')
  })

  it('Escape closes it and gives the focus back to what was clicked', async () => {
    const app = await renderEmbed()
    const producer = screen.getByRole('button', { name: 'producer-1' })
    await app.user.click(producer)
    await app.user.tab()
    expect(screen.getByRole('button', { name: 'Close inspector' })).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).toBeNull()
    expect(app.store.getState().selection).toBeNull()
    expect(producer).toHaveFocus()
  })

  it('Escape also closes it after something else was picked in the picture (the focus is there, not in the drawer)', async () => {
    const app = await renderEmbed()
    await app.user.click(screen.getByRole('button', { name: 'producer-1' }))
    const partition = screen.getByRole('button', { name: 'user-activity-0' })
    await app.user.click(partition)
    expect(app.store.getState().selection).toMatchObject({ kind: 'partition' })
    expect(partition).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).toBeNull()
  })

  it('"Close inspector" closes it and gives the focus back', async () => {
    const app = await renderEmbed()
    const partition = screen.getByRole('button', { name: 'user-activity-0' })
    partition.focus()
    await app.user.keyboard('{Enter}')
    const drawer = screen.getByRole('complementary', { name: 'Inspector' })
    expect(drawer).toHaveFocus()
    await app.user.click(within(drawer).getByRole('button', { name: 'Close inspector' }))
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).toBeNull()
    expect(partition).toHaveFocus()
  })

  it('Escape in a setting being edited is the setting\'s (it reverts the draft), not the drawer\'s', async () => {
    const app = await renderEmbed()
    await app.user.click(screen.getByRole('button', { name: 'producer-1' }))
    const drawer = screen.getByRole('complementary', { name: 'Inspector' })
    const rate = within(drawer).getByRole('textbox', { name: 'Rate' })
    await app.user.clear(rate)
    await app.user.type(rate, '5{Escape}')
    expect(screen.getByRole('complementary', { name: 'Inspector' })).toBeInTheDocument()
    expect(rate).toHaveValue('1')
  })

  it('selecting something else in the picture shows it in the open drawer', async () => {
    const app = await renderEmbed()
    await app.user.click(screen.getByRole('button', { name: 'producer-1' }))
    await app.user.click(screen.getByRole('button', { name: 'user-activity-0' }))
    const drawer = screen.getByRole('complementary', { name: 'Inspector' })
    expect(app.store.getState().selection).toEqual({ kind: 'partition', topic: 'user-activity', partition: 0 })
    expect(within(drawer).getByRole('heading', { level: 3 })).toHaveTextContent('user-activity-0')
  })

  it('in the full app it stays a column beside the picture and leaves the focus where it was', async () => {
    const app = await renderEmbed(false)
    const producer = screen.getByRole('button', { name: 'producer-1' })
    await app.user.click(producer)
    const side = screen.getByRole('complementary', { name: 'Inspector' })
    expect(side).not.toHaveClass('embed-inspector')
    expect(side.closest('.workspace')).toHaveClass('with-inspector')
    expect(producer).toHaveFocus()
  })
})
