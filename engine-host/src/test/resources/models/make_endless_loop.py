"""Makes endless_loop_scripted.pt: a TorchScript model whose forward never returns.

Its first layer is an ordinary Linear(4, 3), so the engine reads its input shape and
runs it on a sample input at admission; the while loop uses only integer arithmetic
(no operator an allow-list would refuse), and its condition stays true for 2**63
iterations. Run with Debian's torch: /usr/bin/python3 make_endless_loop.py
"""
import torch


class EndlessLoop(torch.nn.Module):

    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(4, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.net(x)
        i = 0
        while i >= 0:
            i = i + 1
            y = y + 0.0
        return y


torch.manual_seed(0)
torch.jit.save(torch.jit.script(EndlessLoop().eval()), "endless_loop_scripted.pt")
