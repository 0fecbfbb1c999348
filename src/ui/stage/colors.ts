/** Colours the picture uses for groups and members; every colour also comes with a text label. */
import type { ClusterView } from '../../worker/protocol'
import { memberColor } from '../../viz/key-colors'

export interface Owner {
  group: string
  member: string
  color: string
}

/** Group id -> the colour of its committed-offset flag. */
export function groupColors(view: ClusterView): Record<string, string> {
  const out: Record<string, string> = {}
  view.groups.forEach((g, i) => (out[g.groupId] = memberColor(i + 3)))
  return out
}

/** Partition name -> the member reading it in each group. */
export function ownersByPartition(view: ClusterView): Map<string, Owner[]> {
  const out = new Map<string, Owner[]>()
  for (const g of view.groups) {
    g.members.forEach((m, i) => {
      if (m.phase === 'crashed' || m.phase === 'closed') return
      for (const tp of m.owned) {
        let list = out.get(tp)
        if (!list) out.set(tp, (list = []))
        list.push({ group: g.groupId, member: m.id, color: memberColor(i) })
      }
    })
  }
  return out
}

export function ownersKey(owners: Owner[] | undefined): string {
  return owners ? owners.map((o) => `${o.group}:${o.member}:${o.color}`).join('|') : ''
}
