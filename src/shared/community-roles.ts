// The territory role through which a community council (or a commune) acts: its spokespeople.
// Declared by the projects module (which manages the projects they execute); the consultations
// module lets them propose projects on the council's behalf. One name, shared, so that neither
// module imports the other.
export const SPOKESPERSON_ROLE = 'project_spokesperson';
