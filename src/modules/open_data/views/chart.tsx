// The bar chart is the platform's (src/platform/views/charts), shared with the situation room.
export { BarChart } from '../../../platform/views/charts/index.ts';
