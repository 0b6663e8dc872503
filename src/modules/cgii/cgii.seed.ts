// Demo data (Bolivia): a few incidents reported by entities, one closed, one waiting.
import type { Deps } from '../../platform/module.ts';
import { clientViewer, reportIncident } from './cgii.service.ts';

const DEMO = [
  {
    agency: 'SEGIP',
    title: 'Intentos de acceso por fuerza bruta al portal de citas',
    description: 'El WAF registró miles de intentos de inicio de sesión desde pocas direcciones en una hora.',
    category: 'intrusion-attempts/brute-force',
    severity: 'medium',
    tlp: 'amber',
    indicators: [{ kind: 'ipv4', value: '203.0.113.45' }],
  },
  {
    agency: 'SIN',
    title: 'Correo de suplantación dirigido a contribuyentes',
    description: 'Contribuyentes reenviaron un correo que imita la factura electrónica y lleva a un dominio falso.',
    category: 'fraud/phishing',
    severity: 'high',
    tlp: 'green',
    indicators: [
      { kind: 'domain', value: 'impuestos-bo.example' },
      { kind: 'url', value: 'https://impuestos-bo.example/factura' },
    ],
  },
  {
    agency: 'GAMLP',
    title: 'Servidor de correo sin actualizar expuesto',
    description: 'Un escaneo externo muestra una versión vulnerable del servidor de correo municipal.',
    category: 'vulnerable/vulnerable-system',
    severity: 'low',
    tlp: 'amber+strict',
    indicators: [],
  },
] as const;

export async function seedCgii(deps: Deps): Promise<void> {
  if (deps.country.code !== 'bo') return;
  for (const [n, d] of DEMO.entries()) {
    await reportIncident(
      deps,
      clientViewer(deps, { clientId: 'demo-seed', agencyCode: d.agency }),
      {
        agencyCode: d.agency,
        title: d.title,
        description: d.description,
        detectedAt: new Date(Date.UTC(2026, 10, 2 + n * 3, 14)).toISOString(),
        category: d.category,
        severity: d.severity,
        tlp: d.tlp,
        indicators: [...d.indicators],
      },
      [],
      { sourceKey: `demo:bo:${n}`, at: new Date(Date.UTC(2026, 10, 2 + n * 3, 15)) },
    );
  }
}
