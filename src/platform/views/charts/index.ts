// Server-rendered accessible charts: trend lines, bars and choropleths (docs/situation-room.md).
export { BarChart, type ChartPoint, LineChart } from './bar-chart.tsx';
export { Choropleth, type ChoroplethShape, choroplethClass, CHOROPLETH_CLASSES } from './choropleth.tsx';
