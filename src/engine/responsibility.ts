import { z } from 'zod'

/**
 * The customer's side of Astronomer's shared responsibility model: seven obligations, in the order
 * DEVELOPERS.md lists them. Every rule enforces exactly one; the hundreds digit of a rule id is its number
 * (AG0xx are the scanner's own integrity rules and enforce number 4, secure pipelines).
 */
export const RESPONSIBILITIES = [
  'access-management',
  'secret-storage',
  'federated-identity',
  'secure-pipelines',
  'runtime-upgrades',
  'deployment-settings',
  'network-security',
] as const
export const ResponsibilitySchema = z.enum(RESPONSIBILITIES)
export type Responsibility = z.infer<typeof ResponsibilitySchema>

export interface ResponsibilityInfo {
  number: 1 | 2 | 3 | 4 | 5 | 6 | 7
  /** Short label for tables. */
  label: string
  /** The obligation as Astronomer's shared responsibility model states it for the customer. */
  obligation: string
}

export const RESPONSIBILITY_INFO: Record<Responsibility, ResponsibilityInfo> = {
  'access-management': {
    number: 1,
    label: 'Users, roles and API tokens',
    obligation: 'Manage users, roles and API keys/tokens.',
  },
  'secret-storage': {
    number: 2,
    label: 'Secrets storage',
    obligation: 'Store and retrieve API keys, connections and environment variables safely.',
  },
  'federated-identity': {
    number: 3,
    label: 'Federated identity (SSO)',
    obligation: 'Use federated identity / SSO rather than local passwords.',
  },
  'secure-pipelines': {
    number: 4,
    label: 'Secure pipelines and dependencies',
    obligation: 'Write pipelines with secure coding practice and manage vulnerabilities of plugins and dependencies.',
  },
  'runtime-upgrades': {
    number: 5,
    label: 'Astro Runtime upgrades',
    obligation: 'Regularly upgrade to the latest Astro Runtime.',
  },
  'deployment-settings': {
    number: 6,
    label: 'Deployment settings',
    obligation: 'Configure Deployment resource settings sensibly.',
  },
  'network-security': {
    number: 7,
    label: 'Network security',
    obligation: 'Secure network communication to data sources (TLS, no disabled verification).',
  },
}
