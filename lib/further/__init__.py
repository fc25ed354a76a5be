"""The maths of the part "Going further", the chapters that go past the lecture.

Like the lecture's maths one level up, it imports numpy only, and it builds on that maths:

- ``modes``: a layer's Jacobian-vector product, and dm_L/dz = J_L ⋯ J_1 (15) from the right
  (forward mode) or from the left (reverse mode) (chapter 6);
- ``chain_order``: what each order of multiplying the chain costs, and the cheapest (chapter 6);
- ``depth``: gradient norms layer by layer and the bound on them (chapter 7);
- ``stochastic``: (GD) with the gradient (5) of random mini-batches (chapter 8);
- ``graph`` and ``operations``: reverse mode on a graph, each operation beside its VJP, and
  gradients that add up where a value is used twice (chapter 9).

``import lib`` brings the names of the first three to the top, as ``lib.layer_jvp`` or
``lib.gradient_norms``; the last three are imported by name (``from lib.further import
graph``), since names such as ``add`` or ``total`` would mean too little at the top.
"""
