import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { wire } from './app/wiring';
import './ui/theme.css';
import './ui/controls.css';

wire();
const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
