// Which address ranges would collide if the AKS and HDInsight VNets were peered. Pure: the inputs are
// what ARM reported; the output names every colliding pair and whose ranges they are.
//  - the two VNets' own prefixes (ARM refuses: VnetAddressSpacesOverlap);
//  - either VNet against VNets the other is already peered with (ARM refuses:
//    VnetAddressSpaceOverlapsWithAlreadyPeeredVnet, full error body in Azure/ResourceModules#731);
//  - the AKS cluster's Kubernetes ranges against the HDInsight VNet, which ARM accepts but which breaks
//    the path to Kafka: AKS's networking docs (learn.microsoft.com/azure/aks/configure-kubenet and
//    configure-azure-cni, "--service-cidr") require that the service range overlaps no VNet peered with
//    the cluster's VNet, and with kubenet or overlay the pod range is routed inside the cluster too.
import { overlappingPairs } from './cidr.js';

export interface OwnedRange {
  prefix: string;
  /** Whose range this is, in the operator's words: `VNet kafka-vnet`, `AKS service range of aks1`. */
  owner: string;
}

export type ConflictKind = 'vnets' | 'already-peered' | 'kubernetes';

export interface Conflict {
  kind: ConflictKind;
  left: OwnedRange;
  right: OwnedRange;
}

export interface AddressSpace {
  id: string;
  name: string;
  addressPrefixes: string[];
  /** VNets this one is peered with today: their id, name and current prefixes. */
  peers: { id: string; name: string; addressPrefixes: string[] }[];
}

export interface KubernetesRange {
  prefix: string;
  /** `service` or `pod`. */
  kind: 'service' | 'pod';
}

export function findConflicts(input: {
  aksCluster: string;
  aksVnet: AddressSpace;
  hdinsightVnet: AddressSpace;
  kubernetesRanges: KubernetesRange[];
}): Conflict[] {
  const { aksVnet, hdinsightVnet } = input;
  const vnet = (space: { name: string }) => `VNet ${space.name}`;
  const pairs = (kind: ConflictKind, a: string[], aOwner: string, b: string[], bOwner: string): Conflict[] =>
    overlappingPairs(a, b).map(([x, y]) => ({ kind, left: { prefix: x, owner: aOwner }, right: { prefix: y, owner: bOwner } }));
  const otherPeers = (space: AddressSpace, exclude: AddressSpace) =>
    space.peers.filter((peer) => peer.id.toLowerCase() !== exclude.id.toLowerCase());

  return [
    ...pairs('vnets', aksVnet.addressPrefixes, vnet(aksVnet), hdinsightVnet.addressPrefixes, vnet(hdinsightVnet)),
    ...otherPeers(aksVnet, hdinsightVnet).flatMap((peer) =>
      pairs('already-peered', hdinsightVnet.addressPrefixes, vnet(hdinsightVnet), peer.addressPrefixes,
        `VNet ${peer.name} (already peered with ${aksVnet.name})`),
    ),
    ...otherPeers(hdinsightVnet, aksVnet).flatMap((peer) =>
      pairs('already-peered', aksVnet.addressPrefixes, vnet(aksVnet), peer.addressPrefixes,
        `VNet ${peer.name} (already peered with ${hdinsightVnet.name})`),
    ),
    ...input.kubernetesRanges.flatMap((range) =>
      pairs('kubernetes', [range.prefix], `AKS ${range.kind} range of ${input.aksCluster}`,
        hdinsightVnet.addressPrefixes, vnet(hdinsightVnet)),
    ),
  ];
}

/** One sentence per conflict: "10.0.0.0/16 (AKS service range of aks1) overlaps 10.0.0.0/16 (VNet kafka-vnet)". */
export function describeConflict(conflict: Conflict): string {
  return `${conflict.left.prefix} (${conflict.left.owner}) overlaps ${conflict.right.prefix} (${conflict.right.owner})`;
}
