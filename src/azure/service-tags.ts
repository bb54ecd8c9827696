// What an address in a security rule stands for: a prefix, a single address, `*`, or a service tag.
// MicrosoftDocs/azure-docs articles/virtual-network/service-tags-overview.md:
//  - VirtualNetwork: "The virtual network address space (all IP address ranges defined for the virtual
//    network), all connected on-premises address spaces, peered virtual networks, virtual networks
//    connected to a virtual network gateway, the virtual IP address of the host, and address prefixes
//    used on user-defined routes." We take the VNet's own ranges, its peers' and the prefixes of the
//    user-defined routes we read; on-premises and gateway-connected spaces are left out (kafka-aks reads
//    no gateways), so a rule naming VirtualNetwork may admit more in Azure than here, never less.
//  - AzureLoadBalancer: the host's virtual IP, 168.63.129.16.
//  - Internet: "the IP address space that's outside the virtual network and reachable by the public
//    internet": neither VirtualNetwork nor the private ranges (RFC 1918, and RFC 6598's 100.64.0.0/10).
//  - Any other tag "represents a group of IP address prefixes from a given Azure service": public
//    prefixes that Microsoft publishes and changes, which kafka-aks does not download. They hold no
//    private address; for a public one the answer is "maybe".
import { allAddresses, parseRange, withinAny, type AddressRange } from './address-range.js';

/** Whether a piece of address space (wholly inside or outside each bound) is covered by a rule's address. */
export type Coverage = 'yes' | 'no' | 'maybe';

export interface AddressMatcher {
  /** Every range the answer depends on: cut the pieces at these first. */
  bounds: AddressRange[];
  covers(piece: AddressRange): Coverage;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((p) => parseRange(p)!);
const AZURE_LOAD_BALANCER = parseRange('168.63.129.16')!;
const RESOLVED = new Set(['*', 'virtualnetwork', 'azureloadbalancer', 'internet']);
const EVERYTHING = [allAddresses(4), allAddresses(6)];

/** `virtualNetwork`: the prefixes of the VirtualNetwork tag as seen from the NSG's own VNet. */
function addressMatcher(text: string, virtualNetwork: AddressRange[]): AddressMatcher {
  const ranges = (list: AddressRange[]): AddressMatcher => ({
    bounds: list,
    covers: (piece) => (withinAny(piece, list) ? 'yes' : 'no'),
  });
  const range = parseRange(text);
  if (range) return ranges([range]);
  switch (text.trim().toLowerCase()) {
    case '*':
      return ranges(EVERYTHING);
    case 'virtualnetwork':
      return ranges(virtualNetwork);
    case 'azureloadbalancer':
      return ranges([AZURE_LOAD_BALANCER]);
    case 'internet':
      return {
        bounds: [...virtualNetwork, ...PRIVATE_RANGES],
        covers: (piece) => (withinAny(piece, virtualNetwork) || withinAny(piece, PRIVATE_RANGES) ? 'no' : 'yes'),
      };
    default:
      return { bounds: PRIVATE_RANGES, covers: (piece) => (withinAny(piece, PRIVATE_RANGES) ? 'no' : 'maybe') };
  }
}

/** A rule's several addresses: covered if any covers it; `maybe` if none does but one might. */
export function anyAddressMatcher(texts: string[], virtualNetwork: AddressRange[]): AddressMatcher {
  const matchers = texts.map((text) => addressMatcher(text, virtualNetwork));
  return {
    bounds: matchers.flatMap((m) => m.bounds),
    covers: (piece) => {
      const answers = matchers.map((m) => m.covers(piece));
      return answers.includes('yes') ? 'yes' : answers.includes('maybe') ? 'maybe' : 'no';
    },
  };
}

/** The service tags among a rule's addresses that kafka-aks cannot resolve (see above). */
export function unresolvedAddresses(texts: string[]): string[] {
  return texts.filter((text) => !parseRange(text) && !RESOLVED.has(text.trim().toLowerCase()));
}

/** Members of application security groups are NICs, which a rule does not list: any address may be one. */
export const unknownMembers: AddressMatcher = { bounds: [], covers: () => 'maybe' };
