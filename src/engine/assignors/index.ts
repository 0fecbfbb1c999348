/**
 * `assignPartitions`: the four classic-protocol assignors of the Java consumer, by their
 * `partition.assignment.strategy` names, each giving exactly the answer Java gives.
 */
import { rangeAssign } from './range'
import { roundRobinAssign } from './roundrobin'
import { cooperativeStickyAssign, stickyAssign } from './sticky'
import type { Assignment, AssignorName, MemberSubscription, PartitionsPerTopic } from './types'

export type { Assignment, AssignorName, MemberSubscription, PartitionsPerTopic, TopicPartition } from './types'
export { ASSIGNOR_NAMES, tpKey } from './types'

/**
 * Runs one assignor as the group leader would. Every member is present in the result. For
 * `cooperative-sticky` this is ONE rebalance round: a partition moving between members is given
 * to nobody until its old owner has revoked it and the follow-up round runs.
 */
export function assignPartitions(
  strategy: AssignorName,
  partitionsPerTopic: PartitionsPerTopic,
  members: MemberSubscription[],
): Assignment {
  switch (strategy) {
    case 'range':
      return rangeAssign(partitionsPerTopic, members)
    case 'roundrobin':
      return roundRobinAssign(partitionsPerTopic, members)
    case 'sticky':
      return stickyAssign(partitionsPerTopic, members)
    case 'cooperative-sticky':
      return cooperativeStickyAssign(partitionsPerTopic, members)
  }
}
