// The demo world of the runbook: AKS `aks-demo` (managed VNet, kubenet) in resource group `aks-rg`, and
// the Kafka cluster `kafka-demo` in `kafka-rg`, inside `kafka-vnet` 10.10.0.0/16 (clear of AKS's
// default 10.224.0.0/12 VNet and 10.0.0.0/16 service range).
import type { ArmSimulator } from './server.js';

export interface DemoWorld {
  aks: { resourceGroup: string; name: string; vnetId: string };
  hdinsight: { resourceGroup: string; name: string; vnetId: string };
}

export function seedDemoWorld(sim: ArmSimulator): DemoWorld {
  const aks = sim.world.addAksCluster({ resourceGroup: 'aks-rg', name: 'aks-demo' });
  const kafkaVnet = sim.world.addVnet({
    resourceGroup: 'kafka-rg',
    name: 'kafka-vnet',
    addressPrefixes: ['10.10.0.0/16'],
    subnets: [{ name: 'kafka-subnet', addressPrefix: '10.10.0.0/24' }],
  });
  sim.world.addHdinsightCluster({ resourceGroup: 'kafka-rg', name: 'kafka-demo', vnetId: kafkaVnet, subnetName: 'kafka-subnet' });
  return {
    aks: { resourceGroup: 'aks-rg', name: 'aks-demo', vnetId: aks.vnetId },
    hdinsight: { resourceGroup: 'kafka-rg', name: 'kafka-demo', vnetId: kafkaVnet },
  };
}
