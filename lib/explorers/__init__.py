"""The book's explorers: ipywidgets controls over frames computed when the notebook runs.

Every frame is drawn in Python and shipped as HTML; the control picks one in the browser
(:mod:`lib.explorers.frames`), so the explorers work on the static website too. Only the
live trainer needs a kernel, and says so.
"""

from lib.explorers.chain_order import ChainOrderExplorer, chain_order_explorer
from lib.explorers.depth import GradientNormExplorer, gradient_norm_explorer
from lib.explorers.live import LiveTrainer, live_trainer
from lib.explorers.step_size import StepSizeExplorer, step_size_explorer
from lib.explorers.training import TrainingReplay, training_replay
from lib.explorers.widths import WidthExplorer, width_explorer

__all__ = [
    "ChainOrderExplorer",
    "GradientNormExplorer",
    "LiveTrainer",
    "StepSizeExplorer",
    "TrainingReplay",
    "WidthExplorer",
    "chain_order_explorer",
    "gradient_norm_explorer",
    "live_trainer",
    "step_size_explorer",
    "training_replay",
    "width_explorer",
]
