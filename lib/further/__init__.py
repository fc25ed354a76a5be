"""The maths of the part "Going further", the chapters that go past the lecture.

Like the lecture's maths one level up, it imports numpy only, and it builds on that maths:

- ``modes``: a layer's Jacobian-vector product, and dm_L/dz = J_L ⋯ J_1 (15) from the right
  (forward mode) or from the left (reverse mode) (chapter 6);
- ``chain_order``: what each order of multiplying the chain costs, and the cheapest (chapter 6);
- ``depth``: gradient norms layer by layer and the bound on them (chapter 7).

``import lib`` brings their names to the top, as ``lib.layer_jvp`` or ``lib.gradient_norms``.
"""
