// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.20;

/// ERC-20 token for tests: open mint, bulk Transfer emission and an event with a tuple and an array.
contract TestToken {
  struct Order {
    uint256 amount;
    bytes32 ref;
    string note;
  }

  string public name;
  string public symbol;
  uint8 public constant decimals = 18;
  uint256 public totalSupply;

  mapping(address => uint256) public balanceOf;
  mapping(address => mapping(address => uint256)) public allowance;

  event Transfer(address indexed from, address indexed to, uint256 value);
  event Approval(address indexed owner, address indexed spender, uint256 value);
  event Trade(address indexed trader, Order order, uint256[] fills);

  constructor() {
    name = "Test Token";
    symbol = "TST";
  }

  function transfer(address to, uint256 value) external returns (bool) {
    _move(msg.sender, to, value);
    return true;
  }

  function approve(address spender, uint256 value) external returns (bool) {
    allowance[msg.sender][spender] = value;
    emit Approval(msg.sender, spender, value);
    return true;
  }

  function transferFrom(address from, address to, uint256 value) external returns (bool) {
    uint256 allowed = allowance[from][msg.sender];
    if (allowed != type(uint256).max) {
      require(allowed >= value, "allowance");
      allowance[from][msg.sender] = allowed - value;
    }
    _move(from, to, value);
    return true;
  }

  /// Anyone may mint: this token only exists on the dev chain.
  function mint(address to, uint256 value) external {
    totalSupply += value;
    balanceOf[to] += value;
    emit Transfer(address(0), to, value);
  }

  /// Emits `count` Transfer events (minting 1..count) in one transaction, for load tests.
  function emitTransfers(address to, uint256 count) external {
    uint256 minted = 0;
    for (uint256 i = 1; i <= count; i++) {
      emit Transfer(address(0), to, i);
      minted += i;
    }
    totalSupply += minted;
    balanceOf[to] += minted;
  }

  /// Emits one Trade event for the sender with the given order and fills.
  function emitTrade(Order calldata order, uint256[] calldata fills) external {
    emit Trade(msg.sender, order, fills);
  }

  function _move(address from, address to, uint256 value) private {
    require(balanceOf[from] >= value, "balance");
    balanceOf[from] -= value;
    balanceOf[to] += value;
    emit Transfer(from, to, value);
  }
}
