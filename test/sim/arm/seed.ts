// AKS and Kafka on HDInsight as ARM shows them before the runbook ("Use AKS with Kafka on HDInsight",
// learn.microsoft.com/azure/hdinsight/kafka/apache-kafka-azure-container-services): each cluster in a
// resource group of its own. AKS uses the VNet it made in its node resource group
// MC_<rg>_<cluster>_<location> (ArmWorld.addAksCluster), or, bring-your-own, a subnet of `aks-vnet` in
// the AKS resource group; Kafka's roles sit in `kafka-subnet` of `kafka-vnet`, and its gateway settings
// hold the cluster login. The default ranges, AKS's 10.224.0.0/12 and 10.10.0.0/16, are clear of each
// other and of AKS's default service range 10.0.0.0/16; a test makes them overlap by choosing others.
import type { ArmSimulator } from './server.js';
import { sameId, subnetId } from './ids.js';
import type { AksSeed, ArmWorld } from './world.js';

export interface AksKafkaOptions {
  aksResourceGroup?: string;
  aks?: string;
  kafkaResourceGroup?: string;
  /** The HDInsight cluster's name (and Ambari's). */
  cluster?: string;
  location?: string;
  /** kafka-vnet's address space (default 10.10.0.0/16); kafka-subnet is its first /24. */
  kafkaVnetPrefixes?: string[];
  /** Bring-your-own VNet: AKS's nodes in aks-subnet (the first /24) of aks-vnet with this address space. */
  aksOwnVnetPrefixes?: string[];
  /** AKS's network profile beyond the VNet (defaults: kubenet, pods 10.244.0.0/16, services 10.0.0.0/16). */
  aksNetwork?: Pick<AksSeed, 'networkPlugin' | 'networkPluginMode' | 'podCidr' | 'serviceCidr'>;
  /** The HDInsight cluster login its gateway settings return (default: ArmWorld's). */
  gatewayLogin?: { user: string; password: string };
}

export interface AksKafka {
  aks: {
    resourceGroup: string;
    name: string;
    location: string;
    nodeResourceGroup: string;
    vnetId: string;
    /** The subnet of the node pool: where pods talk to Kafka from. */
    subnetName: string;
    subnetPrefix: string;
    /** A bring-your-own VNet rather than the one AKS made. */
    ownVnet: boolean;
  };
  hdinsight: { resourceGroup: string; name: string; location: string; vnetId: string; subnetName: string; subnetPrefix: string };
}

export function seedAksAndKafka(world: ArmWorld, options: AksKafkaOptions = {}): AksKafka {
  const location = options.location ?? 'westeurope';
  const aksResourceGroup = options.aksResourceGroup ?? 'aks-rg';
  const kafkaResourceGroup = options.kafkaResourceGroup ?? 'kafka-rg';
  const kafkaPrefixes = options.kafkaVnetPrefixes ?? ['10.10.0.0/16'];
  const kafkaSubnet = { name: 'kafka-subnet', addressPrefix: firstSubnet(kafkaPrefixes) };
  const kafkaVnet = world.addVnet({
    resourceGroup: kafkaResourceGroup,
    name: 'kafka-vnet',
    location,
    addressPrefixes: kafkaPrefixes,
    subnets: [kafkaSubnet],
  });
  const own = options.aksOwnVnetPrefixes;
  const ownSubnet = own && { name: 'aks-subnet', addressPrefix: firstSubnet(own) };
  const ownVnet =
    own && world.addVnet({ resourceGroup: aksResourceGroup, name: 'aks-vnet', location, addressPrefixes: own, subnets: [ownSubnet!] });
  const name = options.aks ?? 'aks1';
  const { vnetId } = world.addAksCluster({
    resourceGroup: aksResourceGroup,
    name,
    location,
    ...(ownVnet ? { vnetSubnetId: subnetId(ownVnet, ownSubnet!.name) } : {}),
    ...options.aksNetwork,
  });
  const cluster = options.cluster ?? 'kafka';
  world.addHdinsightCluster({
    resourceGroup: kafkaResourceGroup,
    name: cluster,
    location,
    vnetId: kafkaVnet,
    subnetName: kafkaSubnet.name,
    ...(options.gatewayLogin ? { gatewayUser: options.gatewayLogin.user, gatewayPassword: options.gatewayLogin.password } : {}),
  });
  const aks = world.aksClusters.find((c) => sameId(c.resourceGroup, aksResourceGroup) && sameId(c.name, name))!;
  const aksSubnet = ownSubnet ?? world.requireVnet(vnetId).subnets[0]!;
  return {
    aks: {
      resourceGroup: aksResourceGroup,
      name,
      location,
      nodeResourceGroup: aks.nodeResourceGroup,
      vnetId,
      subnetName: aksSubnet.name,
      subnetPrefix: aksSubnet.addressPrefix,
      ownVnet: Boolean(ownVnet),
    },
    hdinsight: {
      resourceGroup: kafkaResourceGroup,
      name: cluster,
      location,
      vnetId: kafkaVnet,
      subnetName: kafkaSubnet.name,
      subnetPrefix: kafkaSubnet.addressPrefix,
    },
  };
}

/** The runbook's demo names, for `npm run sim:arm` and bench/peer: aks-demo and kafka-demo. */
export function seedDemoWorld(sim: ArmSimulator): AksKafka {
  return seedAksAndKafka(sim.world, { aks: 'aks-demo', cluster: 'kafka-demo' });
}

/** A subnet at the start of a VNet's first range: that range, or its first /24 when it is larger. */
function firstSubnet(prefixes: string[]): string {
  const [network, bits] = prefixes[0]!.split('/');
  return `${network}/${Math.max(24, Number(bits))}`;
}
