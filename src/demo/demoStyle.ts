/** The three scripted demo agents' voices. */
export type DemoStyle = 'careful' | 'brief' | 'skeptic';
